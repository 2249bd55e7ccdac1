import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

const root = __dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
const alias = { '@shared': resolve(root, 'shared'), '@renderer': resolve(root, 'renderer/src') };

export default defineConfig({
  main: {
    resolve: { alias },
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'out/main',
      // Every library is bundled (they are all devDependencies, so electron-builder copies no
      // node_modules into the asar): the worker loads only the parts of mathjs it uses (its
      // parser) and starts in a fraction of the time, as self-contained files a utility process
      // inside an asar wants.
      rollupOptions: {
        input: {
          // The Electron main process, the job worker (utility process), the session thread (a
          // worker thread of main's), the web preview and the CLI.
          index: resolve(root, 'main/index.ts'),
          worker: resolve(root, 'main/worker/job-worker.ts'),
          'session-thread': resolve(root, 'main/services/session-thread.ts'),
          'web-preview': resolve(root, 'main/web/start.ts'),
          cli: resolve(root, 'main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require anything but electron: bundle it whole.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(root, 'main/preload.ts') }, external: ['electron'] },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    resolve: { alias },
    plugins: [vue()],
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
