import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Target = 'electron' | 'web';

const root = path.resolve(__dirname, '..', '..');

/**
 * The Electron binary, if installed — found without `require('electron')`, which would try to
 * download it (and fail on machines without access to its host).
 */
export function electronBinary(): string | undefined {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const binary = path.join(dist, relative);
  return existsSync(binary) ? binary : undefined;
}

/** DESCENT_LAB_E2E_TARGET=electron|web forces a target; otherwise Electron where it exists. */
export function e2eTarget(): Target {
  const forced = process.env.DESCENT_LAB_E2E_TARGET;
  if (forced === 'electron' || forced === 'web') return forced;
  if (forced) throw new Error(`DESCENT_LAB_E2E_TARGET must be electron or web, got ${forced}`);
  return electronBinary() ? 'electron' : 'web';
}

/** Debian's Chromium unless CHROMIUM_PATH says otherwise. */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)));
}

export const repoRoot = root;

/** How Debian's Chromium is started for the web target, in a closed network: no background traffic, no first-run UI. */
export const chromiumLaunchOptions = {
  executablePath: chromiumExecutable(),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
