import path from 'node:path';
import { parseArgs } from 'node:util';
import { forkWorker } from '../services/node-worker';
import { defaultDataDir } from '../services/paths';
import { sessionThreadScript } from '../services/session-thread-client';
import { APP_VERSION } from '../version';
import { startPreviewServer } from './preview-server';

/**
 * `npm run start:web -- [--port N] [--data-dir DIR] [--files-dir DIR]`: the web preview. Prints one line with the
 * URL (and its per-launch token) when ready; Ctrl+C stops it and saves. The page names files by
 * path (it has no native dialogs): only files inside --files-dir (the data folder by default).
 */
async function main(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string; 'files-dir'?: string };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'files-dir': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`start:web: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`start:web: --port must be a whole number from 0 to 65535, got ${values.port}`);
    process.exit(2);
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const filesDir = path.resolve(values['files-dir'] ?? dataDir);
  const workerScript = path.join(__dirname, 'worker.js');
  const server = await startPreviewServer({
    port,
    dataDir,
    filesDir,
    rendererDir: path.join(__dirname, '..', 'renderer'),
    appVersion: APP_VERSION,
    createWorker: () => forkWorker(workerScript),
    sessionThread: sessionThreadScript(path.join(__dirname, 'session-thread.js')),
  });
  console.log(`Descent Lab web preview: ${server.url}`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`start:web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
