// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, in both spellings, for the layers that may not use them. */
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'worker_threads',
  'stream',
];

/**
 * The layer rules (ARCHITECTURE.md): shared/ imports nothing of ours and no runtime; main/ and
 * renderer/ import shared/ and never each other.
 */
const layer = (/** @type {string[]} */ forbidden, /** @type {string} */ why) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message: why }] }],
});

/** UI code main/ never imports. */
const UI = ['@renderer/*', '**/renderer/**', 'vue', 'pinia', 'chart.js'];

/** One folder of main/ and what it may not import (besides renderer/ and UI libraries). */
const mainLayer = (/** @type {string} */ folder, /** @type {string[]} */ forbidden, /** @type {string} */ why) => [
  {
    files: [`${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: layer([...forbidden, ...UI], `${folder}/: ${why}`),
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        project: [
          './shared/tsconfig.json',
          './shared/tsconfig.test.json',
          './main/tsconfig.json',
          './renderer/tsconfig.json',
          './renderer/tsconfig.test.json',
          './e2e/tsconfig.json',
          './tsconfig.tooling.json',
        ],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        { allowExpressions: true, allowTypedFunctionExpressions: true, allowHigherOrderFunctions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/**/*.bench.ts'],
    rules: {
      ...layer(
        [
          '@main/*',
          '@renderer/*',
          '**/main/**',
          '**/renderer/**',
          'electron',
          'vue',
          'pinia',
          'chart.js',
          ...NODE_BUILTINS,
        ],
        'shared/ runs everywhere: no Electron, Node, DOM or UI imports, and nothing from main/ or renderer/.',
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'require',
        'Buffer',
        '__dirname',
        'global',
        'navigator',
        'localStorage',
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: layer(UI, 'main/ never imports renderer/ (or UI libraries).'),
  },
  // Inside main/, imports run one way: hosts (electron/, web/, cli/) → ipc/ → services/ → worker/
  // protocol. Only main/electron/, main/index.ts and the preload may touch Electron: the rest runs
  // under plain Node too (web preview, CLI, tests).
  ...mainLayer(
    'main/services',
    ['electron', '../ipc/*', '../electron/*', '../web/*', '../cli/*'],
    'services run under plain Node and know no host: no electron, ipc/, electron/, web/ or cli/ import.',
  ),
  ...mainLayer(
    'main/worker',
    ['electron', '../services/*', '../ipc/*', '../electron/*', '../web/*', '../cli/*'],
    'the job worker runs alone under plain Node: it imports shared/ and its own protocol only.',
  ),
  ...mainLayer(
    'main/ipc',
    ['electron', '../electron/*', '../web/*', '../cli/*'],
    'the IPC handlers serve every host: no electron, electron/, web/ or cli/ import.',
  ),
  ...mainLayer(
    'main/web',
    ['electron', '../electron/*', '../cli/*'],
    'the web preview runs under plain Node: no electron or electron/ import.',
  ),
  ...mainLayer(
    'main/cli',
    ['electron', '../electron/*', '../web/*', '../ipc/*'],
    'the CLI runs under plain Node and uses services directly.',
  ),
  ...mainLayer(
    'main/electron',
    ['../web/*', '../cli/*'],
    'the desktop host does not borrow from the web preview or the CLI.',
  ),
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    ignores: ['renderer/**/*.test.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      ...layer(
        ['@main/*', '**/main/**', 'electron', ...NODE_BUILTINS],
        'renderer/ is a sandboxed page: no Electron, no Node, nothing from main/.',
      ),
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', 'global'],
    },
  },
  {
    // Components render and emit intents; only stores and composables talk to the host.
    files: ['renderer/src/App.vue', 'renderer/src/components/**/*.vue', 'renderer/src/components/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...layer(
        [
          '@main/*',
          '**/main/**',
          'electron',
          ...NODE_BUILTINS,
          '**/api/client',
          '**/api/web-bridge',
          '@renderer/api/*',
        ],
        'Components never call the host: use a store or a composable.',
      ),
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', 'global'],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'api', message: 'Components never call the host: use a store.' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', '*.config.*', 'scripts/**/*.ts', 'bin/**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['*.mjs', 'scripts/**/*.mjs', 'bin/**/*.js', 'main/test/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.mjs', 'main/test/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['*.mjs', 'scripts/**/*.mjs', 'bin/**/*.js'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/explicit-function-return-type': 'off',
    },
  },
  prettier,
);
