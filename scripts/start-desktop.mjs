#!/usr/bin/env node
// `npm start`: the desktop app. Electron ≥ 45 runs no install script: its binary is downloaded on
// first use, which electron-vite never triggers ("Electron uninstall"). So this gets the binary
// first, says in one line what is missing when it cannot, then runs `electron-vite preview`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const say = (line) => console.error(`Descent Lab: ${line}`);

if (Number(process.versions.node.split('.')[0]) < 24) {
  say(`needs Node.js 24 LTS or newer (Electron's own packages need 22.12 at least); this is ${process.version}.`);
  process.exit(1);
}

const electronDir = path.dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));

/** The installed binary, found as Electron's own index.js finds it (without downloading). */
function installedBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
  const binary = path.join(dist, readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/**
 * Electron's own installer (`install-electron`), its stack trace reduced to the reason. A download
 * that takes a while says so; one that fails at once (offline) prints nothing but our one line.
 */
async function download() {
  const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const slow = setTimeout(
    () => console.error(`Descent Lab: downloading Electron ${version} (first start only)…`),
    2000,
  );
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(slow);
  if (code === 0) return undefined;
  return (
    /^\s*\w*Error: (.+)$/m.exec(output)?.[1] ?? (output.trim().split('\n')[0] || `the installer exited with ${code}`)
  );
}

let binary = installedBinary();
if (!binary) {
  const failure = await download();
  binary = installedBinary();
  if (!binary) {
    say(
      `Electron ${version} could not be downloaded (${failure ?? 'no binary after install'}; offline?): ` +
        `run \`npm start\` again when online, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version}; ` +
        '`npm run start:web` runs the app in a browser meanwhile.',
    );
    process.exit(1);
  }
}

// Ubuntu ≥ 23.10 restricts unprivileged user namespaces, so Chromium's sandbox needs its setuid
// helper, which a binary unpacked into node_modules does not have.
if (process.platform === 'linux') {
  const restricted = (() => {
    try {
      return readFileSync('/proc/sys/kernel/apparmor_restrict_unprivileged_userns', 'utf8').trim() === '1';
    } catch {
      return false;
    }
  })();
  const helper = path.join(path.dirname(binary), 'chrome-sandbox');
  const helperReady = existsSync(helper) && statSync(helper).uid === 0 && (statSync(helper).mode & 0o4000) !== 0;
  if (restricted && !helperReady) {
    say(
      "this Linux restricts unprivileged user namespaces, so Electron's sandbox needs its helper set up once: " +
        `sudo chown root:root "${helper}" && sudo chmod 4755 "${helper}" — then \`npm start\` again.`,
    );
    process.exit(1);
  }
}

const cli = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: binary },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
