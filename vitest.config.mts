import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const alias = {
  '@shared': fileURLToPath(new URL('./shared', import.meta.url)),
  '@renderer': fileURLToPath(new URL('./renderer/src', import.meta.url)),
};

// One project per runtime, as the folders are: shared and main under Node, renderer under jsdom.
export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'shared', include: ['shared/**/*.test.ts'], environment: 'node' } },
      {
        resolve: { alias },
        test: { name: 'main', include: ['main/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: { name: 'renderer', include: ['renderer/**/*.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
