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
    rules: layer(
      ['@renderer/*', '**/renderer/**', 'vue', 'pinia', 'chart.js'],
      'main/ never imports renderer/ (or UI libraries).',
    ),
  },
  {
    // Node services and the job worker run under plain Node too (web preview, CLI, tests): only
    // main/electron/, main/index.ts and the preload may touch Electron.
    files: ['main/services/**/*.ts', 'main/worker/**/*.ts', 'main/web/**/*.ts', 'main/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: layer(
      ['electron', '@renderer/*', '**/renderer/**', 'vue', 'pinia', 'chart.js'],
      'main/services, main/worker, main/web and main/cli run without Electron: no electron import.',
    ),
  },
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
    files: ['renderer/src/components/**/*.vue', 'renderer/src/components/**/*.ts'],
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
    files: ['*.mjs', 'scripts/**/*.mjs', 'bin/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.mjs'],
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
