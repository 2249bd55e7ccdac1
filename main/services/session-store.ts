import { promises as fs } from 'node:fs';
import path from 'node:path';
import { migrate } from '@shared/session/migrate';
import { jsonNumber, type RunRecord } from '@shared/session/run-record';
import {
  SESSION_FORMAT,
  SESSION_SCHEMA_VERSION,
  SessionSchema,
  type FormState,
  type SessionDocument,
} from '@shared/session/schema';
import type { SessionState } from '@shared/session/state';
import { UserError, message, type Message } from '@shared/messages';
import { validate } from '@shared/spec';
import { Locale } from './locale';
import { writeFileAtomic } from './atomic-write';
import { readRegularFile } from './file-access';

export const AUTOSAVE_FILE = 'autosave.dlab';

/** JSON with NaN and ±Infinity written as strings, which the schema reads back. */
export function serializeSession(document: SessionDocument): string {
  return JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' ? jsonNumber(value) : value), 2);
}

/** A session file that cannot be read or written; `errno` is the system's code, when there is one. */
export class SessionFileError extends UserError {
  override name = 'SessionFileError';
  constructor(
    detail: Message,
    readonly errno?: string,
  ) {
    super(detail);
  }
}

export interface LoadedSession {
  readonly document: SessionDocument;
  /** Written by a newer version of the app: shown, never saved over. */
  readonly readOnly: boolean;
}

/** Parses, migrates and validates a session's text; the message names the file and the problem. */
export function parseSessionText(name: string, text: string): LoadedSession {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SessionFileError(message('file.notJson', { name }));
  }
  const migrated = migrate(json);
  if (!migrated.ok) throw new SessionFileError(message('file.cannotOpen', { name, detail: migrated.error }));
  const parsed = validate(SessionSchema, migrated.document);
  if (!parsed.ok) throw new SessionFileError(message('file.invalidSession', { name, detail: parsed.error }));
  return { document: parsed.value, readOnly: migrated.readOnly };
}

/** Reads a session file (see parseSessionText). */
export async function readSessionFile(file: string): Promise<LoadedSession> {
  let text: string;
  try {
    text = (await readRegularFile(file)).toString('utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SessionFileError(message('file.unreadable', { name: path.basename(file), code }), code);
  }
  return parseSessionText(path.basename(file), text);
}

/**
 * The current session document — its form, its run history and the file it belongs to — kept in
 * memory and autosaved to the data folder at most `delayMs` after each change, so a crash loses
 * at most that much. Saves are serialised so two never race on the same file.
 */
export class SessionStore {
  private runs: RunRecord[] = [];
  private form: FormState | undefined;
  private filePath: string | undefined;
  private dirty = false;
  private readOnly = false;
  private restorable = 0;
  private notice: Message | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(state: SessionState) => void>();
  /** Why the last autosave was not loaded, if it was not. */
  loadProblem: Message | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly appVersion: string,
    private readonly delayMs = 300,
    private readonly onSaveError: (error: unknown) => void = () => undefined,
    private readonly locale = new Locale(),
  ) {
    // The title is in the window's language: a new one is sent when it changes.
    locale.onChange(() => this.emit());
  }

  get autosaveFile(): string {
    return path.join(this.dataDir, AUTOSAVE_FILE);
  }

  onChange(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): SessionState {
    const name = this.filePath ? path.basename(this.filePath) : this.locale.text('untitled');
    const title = `${name}${this.dirty ? ' •' : ''}`;
    return {
      filePath: this.filePath,
      title: this.readOnly ? this.locale.text('readOnly', { title }) : title,
      dirty: this.dirty,
      readOnly: this.readOnly,
      restorable: this.restorable,
      notice: this.notice,
    };
  }

  /** Loads the autosave; runs that were still going when the app stopped become interrupted. */
  async load(): Promise<void> {
    try {
      const { document } = await readSessionFile(this.autosaveFile);
      this.runs = document.runs.map((run) => (run.status === 'running' ? { ...run, status: 'interrupted' } : run));
      this.form = document.form;
      this.restorable = this.runs.length;
    } catch (error) {
      const missing = error instanceof SessionFileError && error.errno === 'ENOENT';
      if (!missing) {
        // Never overwrite a file we could not read: set it aside and start afresh.
        this.loadProblem =
          error instanceof UserError ? error.detail : message('file.unexpected', { detail: String(error) });
        this.notice = message('file.notRestored', { detail: this.loadProblem });
        await fs.rename(this.autosaveFile, `${this.autosaveFile}.unreadable-${Date.now()}`).catch(() => undefined);
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

  getForm(): FormState | undefined {
    return this.form;
  }

  upsert(record: RunRecord): void {
    const index = this.runs.findIndex((run) => run.id === record.id);
    if (index >= 0) this.runs[index] = record;
    else this.runs.unshift(record);
    this.changed();
  }

  /** Removes a run; returns it (for Undo), or undefined if there is no such run. */
  remove(id: string): RunRecord | undefined {
    const index = this.runs.findIndex((run) => run.id === id);
    if (index < 0) return undefined;
    const [removed] = this.runs.splice(index, 1);
    this.changed();
    return removed;
  }

  /** Puts a run back in creation order (Undo of a delete). */
  restore(record: RunRecord): void {
    this.runs = [...this.runs.filter((run) => run.id !== record.id), record].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
    );
    this.changed();
  }

  setForm(form: FormState): void {
    if (JSON.stringify(form) === JSON.stringify(this.form)) return;
    this.form = form;
    this.changed();
  }

  /** Starts an empty, untitled session. */
  reset(): void {
    this.runs = [];
    this.form = undefined;
    this.filePath = undefined;
    this.readOnly = false;
    this.dirty = false;
    this.restorable = 0;
    this.notice = undefined;
    this.changed(false);
  }

  /** Replaces the session with a document opened from `filePath`. */
  replace(loaded: LoadedSession, filePath: string | undefined): void {
    this.runs = loaded.document.runs.map((run) => (run.status === 'running' ? { ...run, status: 'interrupted' } : run));
    this.form = loaded.document.form;
    this.filePath = filePath;
    this.readOnly = loaded.readOnly;
    this.dirty = false;
    this.restorable = 0;
    this.notice = loaded.readOnly
      ? message('file.newerVersion', { name: filePath ? path.basename(filePath) : message('file.thisFile') })
      : undefined;
    this.changed(false);
  }

  /** Saves the session to `file` (atomically, keeping a .bak), and makes it the session's file. */
  async saveTo(file: string): Promise<void> {
    if (this.readOnly && file === this.filePath) {
      throw new SessionFileError(message('file.readOnly', { name: path.basename(file) }));
    }
    await writeFileAtomic(file, serializeSession(this.document()));
    this.filePath = file;
    this.readOnly = false;
    this.dirty = false;
    this.notice = undefined;
    this.changed(false);
  }

  dismissRestore(): void {
    this.restorable = 0;
    this.emit();
  }

  document(): SessionDocument {
    return {
      format: SESSION_FORMAT,
      schemaVersion: SESSION_SCHEMA_VERSION,
      appVersion: this.appVersion,
      savedAt: new Date().toISOString(),
      ...(this.form ? { form: this.form } : {}),
      runs: this.runs,
    };
  }

  /** Writes the autosave now (after any save in progress). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const content = serializeSession(this.document());
    this.saving = this.saving
      .then(() => writeFileAtomic(this.autosaveFile, content))
      .catch((error: unknown) => this.onSaveError(error));
    return this.saving;
  }

  private changed(dirty = true): void {
    if (dirty) this.dirty = true;
    this.scheduleSave();
    this.emit();
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }

  private scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }
}
