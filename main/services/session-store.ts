import { promises as fs } from 'node:fs';
import path from 'node:path';
import { migrate } from '@shared/session/migrate';
import type { PathBatch } from '@shared/engine/thinning';
import { jsonNumber, type PathColumns, type RunListing, type RunRecord } from '@shared/session/run-record';
import { SessionSchema, type FormState, type SessionDocument } from '@shared/session/schema';
import type { SessionState } from '@shared/session/state';
import { UserError, message, type Message } from '@shared/messages';
import { validate } from '@shared/spec';
import { Locale } from './locale';
import { readRegularFile } from './file-access';
import { SessionDatabase, checkSessionDatabase, isSqliteFile, type WorkingState } from './session-db';
import { SessionFileError } from './session-errors';

/** The working copy: the open session as it is now, always on disk (it is the autosave). */
export const WORKING_COPY_FILE = 'working-copy.dlab';
/** Where versions before SQLite kept their autosave (JSON); imported once, then set aside. */
export const LEGACY_AUTOSAVE_FILE = 'autosave.dlab';

/**
 * Reads any session file whole: a SQLite `.dlab`, or a JSON one of schema version 1 (the CLI's
 * replay; the app itself opens a SQLite file by copying it, never reading it whole).
 */
export async function readSessionDocument(file: string, appVersion: string): Promise<LoadedSession> {
  if (!(await isSqliteFile(file).catch(() => false))) return readJsonSessionFile(file);
  const db = await SessionDatabase.openToRead(file);
  try {
    return { document: db.exportDocument(appVersion), readOnly: false };
  } finally {
    db.close();
  }
}

/** JSON with NaN and ±Infinity written as strings, which the schema reads back. */
export function serializeSession(document: SessionDocument): string {
  return JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' ? jsonNumber(value) : value), 2);
}

export { SessionFileError };

/** JSON nested deeper than any session is refused before parsing (a hostile file, not a session). */
const MAX_JSON_DEPTH = 64;

function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) deepest = Math.max(deepest, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

export interface LoadedSession {
  readonly document: SessionDocument;
  /** Written by a newer version of the app: shown, never saved over. */
  readonly readOnly: boolean;
}

/** Parses, migrates and validates a session's text; the message names the file and the problem. */
export function parseSessionText(name: string, text: string): LoadedSession {
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new SessionFileError(message('file.tooDeep', { name }));
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
  const ids = new Set<string>();
  for (const run of parsed.value.runs) {
    if (ids.has(run.id)) throw new SessionFileError(message('file.duplicateRun', { name, id: run.id }));
    ids.add(run.id);
  }
  return { document: parsed.value, readOnly: migrated.readOnly };
}

/** The largest JSON session read (a SQLite one may be larger: it is never read whole). */
const MAX_JSON_BYTES = 200 * 1024 * 1024;

/** Reads a JSON session file, schema version 1 (see parseSessionText). */
export async function readJsonSessionFile(file: string): Promise<LoadedSession> {
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_JSON_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SessionFileError(message('file.unreadable', { name: path.basename(file), code }), code);
  }
  return parseSessionText(path.basename(file), text);
}

/**
 * The open session document — its form, its run history and the file it belongs to. It lives in
 * the working copy (a SQLite database in the data folder) and every change is written there at
 * once, in its own transaction: a crash or a power cut loses nothing that was acknowledged. Only
 * paths of running runs are batched (every `delayMs`). Listings are cached; paths are read from
 * the database when asked for, so memory does not grow with the history.
 */
export class SessionStore {
  private db: SessionDatabase | undefined;
  private runs: RunListing[] = [];
  private form: FormState | undefined;
  private filePath: string | undefined;
  private dirty = false;
  private readOnly = false;
  private restorable = 0;
  private notice: Message | undefined;
  private pending: { runId: string; batch: PathBatch }[] = [];
  /** The working state last written (see changed). */
  private writtenWorking: string | undefined;
  /** Final paths being written, by run. */
  private readonly writing = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(state: SessionState) => void>();
  /** Why the last working copy was not restored, if it was not. */
  loadProblem: Message | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly appVersion: string,
    private readonly delayMs = 100,
    private readonly onSaveError: (error: unknown) => void = () => undefined,
    private readonly locale = new Locale(),
  ) {
    // The title is in the window's language: a new one is sent when it changes.
    locale.onChange(() => this.emit());
  }

  get workingCopyFile(): string {
    return path.join(this.dataDir, WORKING_COPY_FILE);
  }

  private get database(): SessionDatabase {
    if (!this.db) throw new Error('the session store is not loaded');
    return this.db;
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

  /**
   * Opens the working copy the last run left (or imports the JSON autosave of an older version):
   * its file and unsaved state come back with it, and runs that were still going become
   * interrupted, keeping the path recorded so far. A working copy that cannot be read is set
   * aside, never overwritten, and a fresh one started.
   */
  async load(): Promise<void> {
    const legacy = path.join(this.dataDir, LEGACY_AUTOSAVE_FILE);
    const exists = (file: string): Promise<boolean> =>
      fs.stat(file).then(
        () => true,
        () => false,
      );
    try {
      this.db = await SessionDatabase.openWorkingCopy(this.workingCopyFile);
    } catch (error) {
      this.loadProblem =
        error instanceof UserError ? error.detail : message('file.unexpected', { detail: String(error) });
      this.notice = message('file.notRestored', { detail: this.loadProblem });
      const aside = `${this.workingCopyFile}.unreadable-${Date.now()}`;
      await fs.rename(this.workingCopyFile, aside).catch(() => undefined);
      for (const suffix of ['-wal', '-shm']) await fs.rm(`${this.workingCopyFile}${suffix}`, { force: true });
      this.db = await SessionDatabase.openWorkingCopy(this.workingCopyFile);
    }
    if (this.database.listings().length === 0 && (await exists(legacy))) {
      try {
        const { document } = await readJsonSessionFile(legacy);
        this.database.importDocument(document);
        this.database.setWorking({ filePath: undefined, dirty: document.runs.length > 0 });
        await fs.rename(legacy, `${legacy}.imported-${Date.now()}`);
      } catch (error) {
        this.loadProblem =
          error instanceof UserError ? error.detail : message('file.unexpected', { detail: String(error) });
        this.notice = message('file.notRestored', { detail: this.loadProblem });
        await fs.rename(legacy, `${legacy}.unreadable-${Date.now()}`).catch(() => undefined);
      }
    }
    this.write(() => this.database.removeOrphanChunks());
    this.reread();
    this.interruptRunning();
    this.restorable = this.runs.length;
  }

  /** Reads the document's listing, form and working state back from the database. */
  private reread(): void {
    const db = this.database;
    this.runs = db.listings();
    this.form = db.form();
    const working: WorkingState = db.working();
    this.filePath = working.filePath;
    this.dirty = working.dirty;
    this.writtenWorking = `${this.dirty ? 1 : 0}${this.filePath ?? ''}`;
  }

  /** Runs recorded as running belong to a process that is gone. */
  private interruptRunning(): void {
    for (const run of this.runs) {
      if (run.status !== 'running') continue;
      const record = this.database.run(run.id);
      if (record) this.write(() => this.database.putRun({ ...record, status: 'interrupted' }));
    }
    this.runs = this.runs.map((run) => (run.status === 'running' ? { ...run, status: 'interrupted' } : run));
  }

  list(): readonly RunListing[] {
    return this.runs;
  }

  listing(id: string): RunListing | undefined {
    return this.runs.find((run) => run.id === id);
  }

  /** A run with its stored path (read from the database, once a final path being written is in). */
  async get(id: string): Promise<RunRecord | undefined> {
    if (!this.listing(id)) return undefined;
    await this.settled(id);
    this.flushPaths();
    return this.database.run(id);
  }

  /** A run's stored path as columns of doubles, for the window. */
  async pathColumns(id: string): Promise<PathColumns | undefined> {
    if (!this.listing(id)) return undefined;
    await this.settled(id);
    this.flushPaths();
    return this.database.pathColumns(id);
  }

  /** Waits for the final path of `id` (or of every run) being written. */
  private async settled(id?: string): Promise<void> {
    const writes = id ? [this.writing.get(id) ?? Promise.resolve()] : [...this.writing.values()];
    await Promise.all(writes);
  }

  getForm(): FormState | undefined {
    return this.form;
  }

  /**
   * Records a run (a new one, a rename, its end). Its row is written at once; a final path
   * replaces the rows appended while it ran chunk by chunk (`replacePath`), so a 100,000-row
   * path does not hold main for one long write.
   */
  upsert(record: RunRecord): void {
    const { path, ...listing } = record;
    const index = this.runs.findIndex((run) => run.id === record.id);
    if (index >= 0) this.runs[index] = listing;
    else this.runs.unshift(listing);
    this.write(() => this.database.putRun(listing));
    if (path) {
      this.flushPaths();
      const before = this.writing.get(record.id) ?? Promise.resolve();
      const database = this.database;
      const done: Promise<void> = before
        .then(() => database.replacePath(record.id, path, () => this.listing(record.id)))
        .catch((error: unknown) => this.failed(error))
        .finally(() => {
          if (this.writing.get(record.id) === done) this.writing.delete(record.id);
        });
      this.writing.set(record.id, done);
    }
    this.changed();
  }

  /** Rows of a running run's path, written within `delayMs` (so a crash keeps them). */
  appendPath(runId: string, batch: PathBatch): void {
    this.pending.push({ runId, batch });
    this.timer ??= setTimeout(() => this.flushPaths(), this.delayMs);
  }

  /** Removes a run; returns it whole (for Undo), or undefined if there is no such run. */
  async remove(id: string): Promise<RunRecord | undefined> {
    const record = await this.get(id);
    if (!record) return undefined;
    this.runs = this.runs.filter((run) => run.id !== id);
    this.write(() => this.database.deleteRun(id));
    this.changed();
    return record;
  }

  /** Puts a run back in creation order (Undo of a delete). */
  restore(record: RunRecord): void {
    const { path: _path, ...listing } = record;
    this.runs = [...this.runs.filter((run) => run.id !== record.id), listing].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
    );
    this.write(() => this.database.putRun(record));
    this.changed();
  }

  setForm(form: FormState): void {
    if (JSON.stringify(form) === JSON.stringify(this.form)) return;
    this.form = form;
    this.write(() => this.database.setForm(form));
    this.changed();
  }

  /** Starts an empty, untitled session. */
  reset(): void {
    this.pending = [];
    this.writing.clear();
    this.write(() => this.database.clear());
    this.writtenWorking = undefined;
    this.runs = [];
    this.form = undefined;
    this.filePath = undefined;
    this.readOnly = false;
    this.dirty = false;
    this.restorable = 0;
    this.notice = undefined;
    this.changed(false);
  }

  /** Replaces the session with a JSON document (an old `.dlab`, a dropped file's content). */
  replace(loaded: LoadedSession, filePath: string | undefined): void {
    this.pending = [];
    this.writing.clear();
    this.write(() => this.database.importDocument(loaded.document));
    this.adopt(
      filePath,
      loaded.readOnly,
      loaded.readOnly
        ? message('file.newerVersion', { name: filePath ? path.basename(filePath) : message('file.thisFile') })
        : undefined,
    );
  }

  /** The working copy now holds a document opened from `filePath`: read it back, clean. */
  private adopt(filePath: string | undefined, readOnly: boolean, notice: Message | undefined): void {
    this.reread();
    this.interruptRunning();
    this.filePath = filePath;
    this.readOnly = readOnly;
    this.dirty = false;
    this.restorable = 0;
    this.notice = notice;
    this.changed(false);
  }

  /**
   * Opens a SQLite `.dlab`: checked (and never modified), then copied to become the working copy,
   * so the history is never read whole into memory.
   */
  async openDatabase(file: string): Promise<void> {
    await checkSessionDatabase(file);
    await this.settled();
    this.flushPaths();
    this.database.close();
    this.db = undefined;
    try {
      for (const suffix of ['-wal', '-shm']) await fs.rm(`${this.workingCopyFile}${suffix}`, { force: true });
      const temp = `${this.workingCopyFile}.${process.pid}.${Date.now()}.tmp`;
      await fs.copyFile(file, temp, fs.constants.COPYFILE_EXCL);
      await fs.rename(temp, this.workingCopyFile);
    } finally {
      // Checked above (the copy is that file, or the previous working copy if copying failed).
      this.db = await SessionDatabase.openWorkingCopy(this.workingCopyFile, { checked: true });
    }
    this.adopt(file, false, undefined);
  }

  /** Saves the session to `file` (a consistent copy, atomically), and makes it the session's file. */
  async saveTo(file: string): Promise<void> {
    if (this.readOnly && file === this.filePath) {
      throw new SessionFileError(message('file.readOnly', { name: path.basename(file) }));
    }
    await this.settled();
    this.flushPaths();
    await this.database.saveCopy(file, this.appVersion);
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

  /** The whole document, paths included, in its JSON form (Export JSON). */
  async document(): Promise<SessionDocument> {
    await this.settled();
    this.flushPaths();
    return this.database.exportDocument(this.appVersion);
  }

  /** Writes what is still pending (path batches); every other change is written already. */
  async flush(): Promise<void> {
    await this.settled();
    this.flushPaths();
  }

  /** Flushes and closes the working copy (the app is quitting). */
  async close(): Promise<void> {
    await this.settled();
    this.flushPaths();
    this.db?.close();
    this.db = undefined;
  }

  private flushPaths(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batches = this.pending.splice(0).filter(({ runId }) => this.listing(runId));
    if (batches.length > 0) this.write(() => this.database.appendPath(batches));
  }

  /**
   * A write to the working copy; a failure (disk full) is told to the user, never swallowed. The
   * notice stays until a Save succeeds: later small writes passing do not mean the lost one did.
   */
  private write(action: () => void): void {
    if (!this.db) return;
    try {
      action();
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.onSaveError(error);
    const detail = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
    this.notice = message('file.autosaveFailed', { detail });
    this.emit();
  }

  private changed(dirty = true): void {
    if (dirty) this.dirty = true;
    // The working state is written when it changes, not with every change to the document.
    const working = `${this.dirty ? 1 : 0}${this.filePath ?? ''}`;
    if (working !== this.writtenWorking) {
      this.write(() => this.database.setWorking({ filePath: this.filePath, dirty: this.dirty }));
      this.writtenWorking = working;
    }
    this.emit();
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }
}
