import { promises as fs } from 'node:fs';
import path from 'node:path';
import { jsonNumber, type RunRecord } from '@shared/session/run-record';
import { SESSION_FORMAT, SESSION_SCHEMA_VERSION, SessionSchema, type SessionDocument } from '@shared/session/schema';
import { describeIssues } from '@shared/spec';
import { writeFileAtomic } from './atomic-write';

export const AUTOSAVE_FILE = 'autosave.dlab';

/** JSON with NaN and ±Infinity written as strings, which the schema reads back. */
export function serializeSession(document: SessionDocument): string {
  return JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' ? jsonNumber(value) : value), 2);
}

export class SessionFileError extends Error {
  override readonly name = 'SessionFileError';
}

/** Reads and validates a session file; the message names the file and the problem. */
export async function readSessionFile(file: string): Promise<SessionDocument> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new SessionFileError(
      `${path.basename(file)} could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SessionFileError(`${path.basename(file)} is not valid JSON (it may be truncated or corrupt)`);
  }
  const parsed = SessionSchema.safeParse(json);
  if (!parsed.success)
    throw new SessionFileError(`${path.basename(file)} is not a valid session: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * The current session's run history, kept in memory and autosaved to the data folder at most
 * `delayMs` after each change. Saves are serialised so two never race on the same file.
 */
export class SessionStore {
  private runs: RunRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** Why the last autosave was not loaded, if it was not. */
  loadProblem: string | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly appVersion: string,
    private readonly delayMs = 300,
    private readonly onSaveError: (error: unknown) => void = () => undefined,
  ) {}

  get file(): string {
    return path.join(this.dataDir, AUTOSAVE_FILE);
  }

  /** Loads the autosave; runs that were still going when the app stopped become interrupted. */
  async load(): Promise<void> {
    try {
      const document = await readSessionFile(this.file);
      this.runs = document.runs.map((run) => (run.status === 'running' ? { ...run, status: 'interrupted' } : run));
    } catch (error) {
      const missing = error instanceof SessionFileError && /ENOENT/.test(error.message);
      if (!missing) {
        // Never overwrite a file we could not read: set it aside and start afresh.
        this.loadProblem = error instanceof Error ? error.message : String(error);
        await fs.rename(this.file, `${this.file}.unreadable-${Date.now()}`).catch(() => undefined);
      }
      this.runs = [];
    }
  }

  list(): readonly RunRecord[] {
    return this.runs;
  }

  get(id: string): RunRecord | undefined {
    return this.runs.find((run) => run.id === id);
  }

  upsert(record: RunRecord): void {
    const index = this.runs.findIndex((run) => run.id === record.id);
    if (index >= 0) this.runs[index] = record;
    else this.runs.unshift(record);
    this.scheduleSave();
  }

  /** Writes now (after any save in progress). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const document: SessionDocument = {
      format: SESSION_FORMAT,
      schemaVersion: SESSION_SCHEMA_VERSION,
      appVersion: this.appVersion,
      savedAt: new Date().toISOString(),
      runs: this.runs,
    };
    const content = serializeSession(document);
    this.saving = this.saving
      .then(() => writeFileAtomic(this.file, content))
      .catch((error: unknown) => this.onSaveError(error));
    return this.saving;
  }

  private scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }
}
