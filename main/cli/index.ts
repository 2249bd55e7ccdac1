import { writeSync } from 'node:fs';
import { UsageError, runCommand } from './run-command';

const USAGE = `Usage: descent-lab replay <file.dlab>   re-run a session's runs and compare with the stored results
       descent-lab run --f "<expr>" --start -3,4 [--optimizer sgd|adagrad|rmsprop|adam|adamw|nadam|adadelta|linesearch|newton]
    [--lr 0.1] [--momentum 0.9] [--dampening 0] [--nesterov] [--weight-decay 0] [--betas 0.9,0.999]
    [--eps 1e-8] [--alpha 0.99] [--centered] [--amsgrad] [--lr-decay 0] [--initial-accumulator-value 0]
    [--rho 0.9] [--momentum-decay 0.004] [--c1 1e-4] [--shrink 0.5]
    [--gradient exact|central|forward] [--h 1e-4] [--steps 100] [--tol-grad 0] [--tol-f 0]
    [--trace] [--format json|csv]`;

function writeAll(text: string): void {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The reader has gone (`| head`): nothing more is wanted.
      if (code === 'EPIPE') process.exit(0);
      // A non-blocking pipe that is full: wait for the reader, then go on.
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** The headless CLI over the same engine as the app. Bad input: exit 2 and one line on stderr. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Asked for, the usage is the output (stdout, exit 0); as the answer to a mistake, an error (stderr, 2).
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (command === 'replay') {
      // Loaded only for replay: sessions bring SQLite and their schemas, which `run` never needs.
      const { replayCommand } = await import('./replay-command');
      const { stdout, exitCode } = await replayCommand(rest);
      process.stdout.write(stdout);
      return exitCode;
    }
    if (command !== 'run') throw new UsageError(`unknown command "${command}"; try: descent-lab --help`);
    // A blocking write: a long --trace streams at the reader's pace instead of piling up in memory.
    runCommand(rest, (text) => writeAll(text));
    return 0;
  } catch (error) {
    const message =
      error instanceof UsageError
        ? error.message
        : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`descent-lab: ${message.replace(/\s+/g, ' ').trim()}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
