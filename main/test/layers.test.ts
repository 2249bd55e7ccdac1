import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

const LINT_SNIPPET = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const [file, code] = JSON.parse(process.argv[1]);
// Snippets are not in any tsconfig: lint them without the type-aware rules.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [tseslint.configs.disableTypeChecked] });
const [result] = await eslint.lintText(code, { filePath: file });
console.log(JSON.stringify(result.messages.map((m) => (m.ruleId ?? 'parse') + ': ' + m.message)));
`;

/**
 * Lints a snippet as if it were a file at `file`, with the project's own configuration, in a
 * plain Node process (ESLint loads its flat config with Node's own module loader there).
 */
function lint(file: string, code: string): Promise<string[]> {
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', LINT_SNIPPET, JSON.stringify([path.join(root, file), code])],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return Promise.resolve(JSON.parse(result.stdout) as string[]);
}

describe('layer rules', () => {
  it.each([
    ['shared/engine/leak.ts', "import fs from 'node:fs';\nexport const a = fs;\n", /no-restricted-imports/],
    ['shared/engine/leak.ts', "import { app } from 'electron';\nexport const a = app;\n", /no-restricted-imports/],
    [
      'shared/engine/leak.ts',
      "import { useRunsStore } from '../../renderer/src/stores/useRunsStore';\nexport const a = useRunsStore;\n",
      /no-restricted-imports/,
    ],
    ['shared/engine/leak.ts', 'export const a = window.location;\n', /no-restricted-globals/],
    [
      'renderer/src/leak.ts',
      "import { createBackend } from '../../main/ipc/backend';\nexport const a = createBackend;\n",
      /no-restricted-imports/,
    ],
    [
      'renderer/src/leak.ts',
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
      /no-restricted-imports/,
    ],
    ['renderer/src/leak.ts', 'export const a = process.env;\n', /no-restricted-globals/],
    [
      'main/leak.ts',
      "import { useRunsStore } from '../renderer/src/stores/useRunsStore';\nexport const a = useRunsStore;\n",
      /no-restricted-imports/,
    ],
    ['main/services/leak.ts', "import { app } from 'electron';\nexport const a = app;\n", /no-restricted-imports/],
    [
      'main/worker/leak.ts',
      "import { utilityProcess } from 'electron';\nexport const a = utilityProcess;\n",
      /no-restricted-imports/,
    ],
    [
      'renderer/src/components/Leak.ts',
      "import { useHostApi } from '../api/client';\nexport const a = useHostApi;\n",
      /no-restricted-imports/,
    ],
    ['renderer/src/components/Leak.ts', 'export const a = window.api;\n', /no-restricted-properties/],
    [
      'renderer/src/App.vue',
      '<script setup lang="ts">\nimport { useHostApi } from \'./api/client\';\nuseHostApi();\n</script>\n',
      /no-restricted-imports/,
    ],
    // Inside main/, one way: hosts → ipc/ → services/ → the worker's protocol.
    [
      'main/services/leak.ts',
      "import { createHandlers } from '../ipc/handlers';\nexport const a = createHandlers;\n",
      /no-restricted-imports/,
    ],
    [
      'main/services/leak.ts',
      "import { startPreviewServer } from '../web/preview-server';\nexport const a = startPreviewServer;\n",
      /no-restricted-imports/,
    ],
    [
      'main/worker/leak.ts',
      "import { defaultDataDir } from '../services/paths';\nexport const a = defaultDataDir;\n",
      /no-restricted-imports/,
    ],
    [
      'main/ipc/leak.ts',
      "import { isAppUrl } from '../electron/protocol';\nexport const a = isAppUrl;\n",
      /no-restricted-imports/,
    ],
    [
      'main/electron/leak.ts',
      "import { startPreviewServer } from '../web/preview-server';\nexport const a = startPreviewServer;\n",
      /no-restricted-imports/,
    ],
    ['main/cli/leak.ts', "import { app } from 'electron';\nexport const a = app;\n", /no-restricted-imports/],
  ])(
    '%s: %s is an error',
    async (file, code, rule) => {
      const messages = await lint(file, code);
      expect(messages.join('\n')).toMatch(rule);
    },
    60_000,
  );

  it('lets main/ and renderer/ import shared/', async () => {
    const messages = await lint(
      'renderer/src/fine.ts',
      "import { parseExpression } from '@shared/engine/expression';\nexport const a = parseExpression;\n",
    );
    expect(messages.filter((m) => m.startsWith('no-restricted'))).toEqual([]);
  }, 60_000);

  it('lets each host use services and the ipc handlers, and services use the worker protocol', async () => {
    for (const [file, code] of [
      ['main/web/fine.ts', "import { createBackend } from '../ipc/backend';\nexport const a = createBackend;\n"],
      [
        'main/electron/fine.ts',
        "import { readStatic } from '../services/static-files';\nexport const a = readStatic;\n",
      ],
      ['main/services/fine.ts', "import type { ToWorker } from '../worker/protocol';\nexport type A = ToWorker;\n"],
      [
        'main/services/fine.ts',
        "import type { EventPayloads } from '@shared/ipc/contract';\nexport type A = EventPayloads;\n",
      ],
    ] as const) {
      const messages = await lint(file, code);
      expect(messages.filter((m) => m.startsWith('no-restricted'))).toEqual([]);
    }
  }, 120_000);
});
