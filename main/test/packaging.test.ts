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

describe('icons', () => {
  /** Width and height from a PNG's IHDR chunk. */
  const size = (file: string): [number, number] => {
    const png = readFileSync(path.join(root, file));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    return [png.readUInt32BE(16), png.readUInt32BE(20)];
  };

  it('come in every size the targets need, from the one source image', () => {
    expect(readFileSync(path.join(root, 'assets/icon.svg'), 'utf8')).toContain('<svg');
    for (const n of [16, 24, 32, 48, 64, 128, 256, 512, 1024])
      expect(size(`assets/icons/${n}x${n}.png`)).toEqual([n, n]);
    expect(size('assets/icon.png')).toEqual([1024, 1024]);
    expect(size('renderer/public/favicon.png')).toEqual([64, 64]);
    expect(size('renderer/public/icon.png')).toEqual([256, 256]);
  });

  it('are the ones the installers, the window and the page use', () => {
    expect((config.mac as Record<string, unknown>).icon).toBe('assets/icon.png');
    expect((config.win as Record<string, unknown>).icon).toBe('assets/icon.png');
    expect((config.linux as Record<string, unknown>).icon).toBe('assets/icons');
    expect(readFileSync(path.join(root, 'renderer/index.html'), 'utf8')).toContain('href="./favicon.png"');
  });

  it('targets dmg and zip (x64, arm64), NSIS with a per-user or per-machine choice (x64, arm64), AppImage, deb and rpm', () => {
    const targets = (os: string): unknown => (config[os] as Record<string, unknown>).target;
    expect(targets('mac')).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(targets('win')).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(targets('linux')).toEqual(['AppImage', 'deb', 'rpm']);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

  it('has what the Linux packages need, and no runtime dependencies to copy into the asar again', () => {
    // electron-builder's deb and rpm targets fail without a homepage; everything is bundled by Vite.
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.repository).toBeTruthy();
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('targets Node 24 LTS, and `npm start` gets Electron before starting it', () => {
    expect(pkg.engines).toEqual({ node: '>=24' });
    expect((pkg.scripts as Record<string, string>).start).toBe('node scripts/start-desktop.mjs');
  });
});

describe('GitHub workflows', () => {
  const workflow = (name: string): Record<string, unknown> => read(`.github/workflows/${name}`);
  type Job = {
    strategy: { 'fail-fast': boolean; matrix: { os: string[] } };
    steps: { run?: string; env?: Record<string, string> }[];
  };

  it('CI runs on macOS, Windows and Linux with fail-fast off, and e2e on the electron target', () => {
    const job = (workflow('ci.yml').jobs as Record<string, Job>).test;
    expect(job?.strategy['fail-fast']).toBe(false);
    expect(job?.strategy.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const runs = job?.steps.map((s) => s.run ?? '') ?? [];
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run lint', 'npm run test:unit', 'npm run build']));
    // The glue tests load the built bundle: the build comes first.
    expect(runs.indexOf('npm run build')).toBeLessThan(runs.indexOf('npm run test:unit'));
    expect(runs.some((r) => r.startsWith('xvfb-run') && r.includes('npm run test:e2e'))).toBe(true);
    expect(job?.steps.filter((s) => s.env?.DESCENT_LAB_E2E_TARGET === 'electron')).toHaveLength(2);
  });

  it('release builds installers on each OS on a v* tag', () => {
    const release = workflow('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    const job = (release.jobs as Record<string, Job>).installers;
    expect(job?.strategy.matrix.os).toHaveLength(3);
    expect(job?.steps.some((s) => s.run?.includes('electron-builder --publish always'))).toBe(true);
  });
});
