import path from 'node:path';
import { JobSpecSchema } from '@shared/spec';
import { SessionStore } from '../services/session-store';
import { sessionThreadScript } from '../services/session-thread-client';

/**
 * Changes a session as fast as it can until killed: the victim of the kill-during-write test.
 * It prints `ack <id>` once a run is recorded (what the window would have been told), starts
 * runs, appends their paths, ends them, renames them, and saves the session to a file now and then.
 */
async function main(): Promise<void> {
  const [dataDir, round, thread] = process.argv.slice(2);
  if (!dataDir || !round || !thread) throw new Error('usage: store-loop <data-dir> <round> <session-thread.js>');
  const store = new SessionStore({ dataDir, appVersion: 'test', delayMs: 5, thread: sessionThreadScript(thread) });
  await store.load();
  const spec = JobSpecSchema.parse({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } });
  const rows = 2000;
  const batch = {
    count: rows,
    dimension: 2,
    steps: Float64Array.from({ length: rows }, (_, i) => i),
    points: Float64Array.from({ length: rows * 2 }, (_, i) => i * 0.5),
    values: Float64Array.from({ length: rows }, (_, i) => i * 2),
    gradientNorms: Float64Array.from({ length: rows }, (_, i) => i * 3),
  };
  for (let k = 0; ; k++) {
    const id = `r${round}-${k}`;
    const record = { id, name: `Run ${id}`, createdAt: new Date().toISOString(), spec, status: 'running' as const };
    await store.upsert(record);
    process.stdout.write(`ack ${id}\n`);
    store.appendPath(id, batch);
    if (k % 3 === 0) {
      await store.upsert({
        ...record,
        name: `Done ${id}`,
        status: 'max-steps',
        path: { ...batch, thinned: false },
      });
      process.stdout.write(`done ${id}\n`);
    }
    if (k % 10 === 9) await store.saveTo(path.join(dataDir, '..', 'saved.dlab'));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

void main();
