// `npm run bench:report [-- --mb 256]`: runs every benchmark and writes what they print to
// BENCHMARKS.md, with the machine they ran on. The figures live there, produced, never typed.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '256' } } });
const benches = [
  ['Engine and jobs', ['run', 'bench']],
  ['The window (web target, Chromium)', ['run', 'bench:ui']],
  [`Sessions (a ${values.mb} MB working copy)`, ['run', 'bench:sessions', '--', '--mb', values.mb]],
];

const sections = [];
for (const [title, args] of benches) {
  process.stderr.write(`${title}…\n`);
  const result = spawnSync('npm', ['--silent', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(`${title}: the benchmark failed (exit ${result.status ?? result.signal})\n`);
    process.exit(1);
  }
  // Build logs (Vite's) are not figures.
  const figures = result.stdout
    .split('\n')
    .filter(
      (line) =>
        !/^\s*(out\/|vite|✓ built|✓ \d+ modules transformed|transforming|rendering|computing|building|\[)/.test(line),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  sections.push(`## ${title}\n\n\`\`\`text\n${figures}\n\`\`\``);
}

const cpus = os.cpus();
const header = [
  '# Benchmarks',
  '',
  'Written by `npm run bench:report`; each figure is printed beside a plain baseline measured in the',
  'same run, with its spread. Rerun it on your machine rather than trusting these.',
  '',
  `${new Date().toISOString().slice(0, 10)} · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'} · ` +
    `${Math.round(os.totalmem() / 1024 ** 3)} GB · ${os.platform()} ${os.release()} · Node ${process.version}`,
];
writeFileSync('BENCHMARKS.md', `${[header.join('\n'), ...sections].join('\n\n')}\n`);
process.stderr.write('BENCHMARKS.md written\n');
