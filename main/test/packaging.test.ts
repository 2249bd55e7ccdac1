import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string): Record<string, unknown> =>
  parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
const config = read('electron-builder.yml');
const e2e = read('electron-builder.e2e.yml');

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own configuration schema", () => {
    const schema = JSON.parse(
      readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const { extends: _base, ...override } = e2e;
    expect(validate(override), JSON.stringify(validate.errors)).toBe(true);
  });

  it('sets the release fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('builds the e2e app with the release settings but the inspect fuse', () => {
    expect(e2e.extends).toBe('./electron-builder.yml');
    expect(e2e.electronFuses).toEqual({ ...(config.electronFuses as object), enableNodeCliInspectArguments: true });
  });

  it('associates .dlab files with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({
        ext: 'dlab',
        mimeType: 'application/x-descent-lab',
        role: 'Editor',
        name: 'Descent Lab session',
      }),
    ]);
  });
});
