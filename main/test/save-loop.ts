import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../services/atomic-write';

/**
 * Saves a session-sized file over and over until killed: the victim of the kill-during-save test.
 * Each version carries its own checksum so a reader can tell a torn file from a whole one.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  const first = Number(process.argv[3] ?? 0);
  if (!file) throw new Error('usage: save-loop <file> [first-version]');
  for (let version = first; ; version++) {
    const payload = `${version}:`.padEnd(50_000 + Math.floor(Math.random() * 250_000), String(version % 10));
    const sha = createHash('sha256').update(payload).digest('hex');
    await writeFileAtomic(file, JSON.stringify({ version, sha, payload }));
    if (version === first) process.stdout.write('saving\n');
  }
}

void main();
