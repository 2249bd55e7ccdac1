import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PathRows } from '@shared/engine/path-rows';
import { nextRunColor } from '@shared/session/run-colors';
import { summaryAtLastRow, type RunListing, type RunRecord } from '@shared/session/run-record';
import type { FormState } from '@shared/session/schema';
import type { SessionState } from '@shared/session/state';
import { UserError, message, type Message } from '@shared/messages';
import { MainText } from './locale';
import { checkSessionDatabase } from './session-db';
import { SessionFileError } from './session-errors';
import type { SessionThreadMethods, Snapshot } from './session-thread';
import { SessionThread, type SessionThreadFactory } from './session-thread-client';

/** The working copy: the open session as it is now, always on disk (it is the autosave). */
export const WORKING_COPY_FILE = 'working-copy.dlab';
/** Where versions before SQLite kept their autosave (JSON); imported once, then set aside. */
export const LEGACY_AUTOSAVE_FILE = 'autosave.dlab';

export interface SessionStoreOptions {
  readonly dataDir: string;
  readonly appVersion: string;
  /** Starts the thread that owns the working copy's database. */
  readonly thread: SessionThreadFactory;
  /** How long a running run's path rows wait to be written together (ms). */
  readonly delayMs?: number;
  readonly onSaveError?: (error: unknown) => void;
  readonly locale?: MainText;
}

/** The thread's calls that change the working copy (their failures become the autosave notice). */
type Write =
  'putRun' | 'replacePath' | 'appendPath' | 'deleteRun' | 'clear' | 'setForm' | 'setWorking' | 'removeOrphanChunks';

/**
 * The open session document — its form, its run history and the file it belongs to. It lives in
 * the working copy (a SQLite database in the data folder, owned by the session thread, so main's
 * event loop never waits on a disk) and every change is written there at once, in its own
 * transaction: the promise a change returns settles once it is committed, so a crash or a power
 * cut loses nothing that was acknowledged. Only paths of running runs are batched (every
 * `delayMs`). Listings are kept here; paths are read from the database when asked for, so
 * memory does not grow with the history.
 */
export class SessionStore {
  private thread: SessionThread | undefined;
  private runs: RunListing[] = [];
  private form: FormState | undefined;
  private filePath: string | undefined;
  private dirty = false;
  private readOnly = false;
  private restorable = 0;
  private notice: Message | undefined;
  private pending: { runId: string; batch: PathRows }[] = [];
  /** The working state last written (see changed). */
  private writtenWorking: string | undefined;
  /** Final paths being written, by run. */
  private readonly writing = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly dataDir: string;
  readonly appVersion: string;
  private readonly delayMs: number;
  private readonly onSaveError: (error: unknown) => void;
  private readonly locale: MainText;
  /** Why the last working copy was not restored, if it was not. */
  loadProblem: Message | undefined;
  /** Which document is open: a new one after New, Open or Revert (run numbering starts again). */
  generation = 0;

  constructor(private readonly options: SessionStoreOptions) {
    this.dataDir = options.dataDir;
    this.appVersion = options.appVersion;
    this.delayMs = options.delayMs ?? 100;
    this.onSaveError = options.onSaveError ?? (() => undefined);
    this.locale = options.locale ?? new MainText();
    // The title is in the window's language: a new one is sent when it changes.
    this.locale.onChange(() => this.emit());
  }

  get workingCopyFile(): string {
    return path.join(this.dataDir, WORKING_COPY_FILE);
  }

  private get database(): SessionThread {
    if (!this.thread) throw new Error('the session store is not loaded');
    return this.thread;
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
    const thread = new SessionThread(this.options.thread);
    this.thread = thread;
    const legacy = path.join(this.dataDir, LEGACY_AUTOSAVE_FILE);
    const exists = (file: string): Promise<boolean> =>
      fs.stat(file).then(
        () => true,
        () => false,
      );
    await fs.mkdir(this.dataDir, { recursive: true });
    let opened: Snapshot;
    try {
      opened = await thread.call('open', this.workingCopyFile, { checked: false });
    } catch (error) {
      this.notRestored(error);
      const aside = `${this.workingCopyFile}.unreadable-${Date.now()}`;
      await fs.rename(this.workingCopyFile, aside).catch(() => undefined);
      for (const suffix of ['-wal', '-shm']) await fs.rm(`${this.workingCopyFile}${suffix}`, { force: true });
      opened = await thread.call('open', this.workingCopyFile, { checked: false });
    }
    if (opened.listings.length === 0 && (await exists(legacy))) {
      try {
        const { snapshot } = await thread.call('importJsonFile', legacy);
        const working = { filePath: undefined, dirty: snapshot.listings.length > 0 };
        await thread.call('setWorking', working);
        opened = { ...snapshot, working };
        await fs.rename(legacy, `${legacy}.imported-${Date.now()}`);
      } catch (error) {
        this.notRestored(error);
        await fs.rename(legacy, `${legacy}.unreadable-${Date.now()}`).catch(() => undefined);
      }
    }
    await this.write('removeOrphanChunks');
    this.reread(opened);
    await this.interruptRunning();
    await this.colourRuns();
    this.restorable = this.runs.length;
  }

  private notRestored(error: unknown): void {
    this.loadProblem =
      error instanceof UserError ? error.detail : message('file.unexpected', { detail: String(error) });
    this.notice = message('file.notRestored', { detail: this.loadProblem });
  }

  /** Takes the document's listing, form and working state as the database holds them. */
  private reread(snapshot: Snapshot): void {
    this.runs = snapshot.listings;
    this.form = snapshot.form;
    this.filePath = snapshot.working.filePath;
    this.dirty = snapshot.working.dirty;
    this.writtenWorking = `${this.dirty ? 1 : 0}${this.filePath ?? ''}`;
  }

  /**
   * Runs recorded as running belong to a process that is gone: they become interrupted, keeping
   * the path recorded so far, and their summary says where that path got to.
   */
  private async interruptRunning(): Promise<void> {
    const running = this.runs.filter((run) => run.status === 'running');
    await Promise.all(
      running.map(async (run) => {
        const path = await this.database.call('path', run.id).catch(() => undefined);
        const step = path ? (path.steps[path.count - 1] ?? 0) : 0;
        const interrupted: RunListing = {
          ...run,
          status: 'interrupted',
          summary: summaryAtLastRow(path, message('run.interruptedAt', { step })),
        };
        this.runs = this.runs.map((listed) => (listed.id === run.id ? interrupted : listed));
        await this.write('putRun', interrupted);
      }),
    );
  }

  /**
   * Runs from files written before runs had colours get theirs now, oldest first, so they keep
   * them from here on (not a change of the user's: the document is not marked unsaved).
   */
  private async colourRuns(): Promise<void> {
    const uncoloured = this.runs.filter((run) => !run.color).reverse();
    for (const run of uncoloured) {
      const coloured = { ...run, color: nextRunColor(this.runs.map((listed) => listed.color)) };
      this.runs = this.runs.map((listed) => (listed.id === run.id ? coloured : listed));
      await this.write('putRun', coloured);
    }
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
    void this.flushPaths();
    return this.database.call('run', id);
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
   * Records a run (a new one, a rename, its end); settles once it is written. A final path
   * replaces the rows appended while it ran, chunk by chunk in the thread, while other changes
   * are written alongside.
   */
  upsert(record: RunRecord): Promise<void> {
    const { path, ...listing } = record;
    const index = this.runs.findIndex((run) => run.id === record.id);
    if (index >= 0) this.runs[index] = listing;
    else this.runs.unshift(listing);
    const row = this.write('putRun', listing);
    let written = row;
    if (path) {
      void this.flushPaths();
      const before = this.writing.get(record.id) ?? Promise.resolve();
      const done: Promise<void> = before
        .then(() => this.write('replacePath', record.id, path))
        .finally(() => {
          if (this.writing.get(record.id) === done) this.writing.delete(record.id);
        });
      this.writing.set(record.id, done);
      written = Promise.all([row, done]).then(() => undefined);
    }
    return Promise.all([written, this.changed()]).then(() => undefined);
  }

  /** Rows of a running run's path, written within `delayMs` (so a crash keeps them). */
  appendPath(runId: string, batch: PathRows): void {
    this.pending.push({ runId, batch });
    this.timer ??= setTimeout(() => void this.flushPaths(), this.delayMs);
  }

  /** Removes a run; returns it whole (for Undo), or undefined if there is no such run. */
  async remove(id: string): Promise<RunRecord | undefined> {
    const record = await this.get(id);
    if (!record || !this.listing(id)) return undefined;
    this.runs = this.runs.filter((run) => run.id !== id);
    await Promise.all([this.write('deleteRun', id), this.changed()]);
    return record;
  }

  /** Puts a run back in creation order (Undo of a delete). */
  async restore(record: RunRecord): Promise<void> {
    const { path: _path, ...listing } = record;
    this.runs = [...this.runs.filter((run) => run.id !== record.id), listing].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
    );
    await Promise.all([this.write('putRun', record), this.changed()]);
  }

  async setForm(form: FormState): Promise<void> {
    if (JSON.stringify(form) === JSON.stringify(this.form)) return;
    this.form = form;
    await Promise.all([this.write('setForm', form), this.changed()]);
  }

  /** Starts an empty, untitled session. */
  async reset(): Promise<void> {
    this.forgetPending();
    this.generation++;
    const cleared = this.write('clear');
    this.writtenWorking = undefined;
    this.runs = [];
    this.form = undefined;
    this.filePath = undefined;
    this.readOnly = false;
    this.dirty = false;
    this.restorable = 0;
    this.notice = undefined;
    await Promise.all([cleared, this.changed(false)]);
  }

  /**
   * Opens a JSON session file (version 1, the format before SQLite) as the document of that
   * file, or (`untitled`) as a new untitled session.
   */
  async openJsonFile(file: string, options: { untitled?: boolean } = {}): Promise<void> {
    void this.flushPaths();
    await this.adopted(await this.database.call('importJsonFile', file), options.untitled ? undefined : file);
  }

  /** Opens a JSON session's text (a dropped file's content) as an untitled document. */
  async openJsonText(name: string, text: string): Promise<void> {
    void this.flushPaths();
    await this.adopted(await this.database.call('importJsonText', name, text), undefined);
  }

  /**
   * Opens a SQLite `.dlab`: checked (and never modified), then copied to become the working copy,
   * so the history is never read whole into memory. The document belongs to that file, or
   * (`untitled`) to none.
   */
  async openDatabase(file: string, options: { untitled?: boolean } = {}): Promise<void> {
    await checkSessionDatabase(file);
    void this.flushPaths();
    const snapshot = await this.database.call('adopt', file);
    await this.adopted({ readOnly: false, snapshot }, options.untitled ? undefined : file);
  }

  private forgetPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.writing.clear();
  }

  /** The working copy now holds a document opened from `filePath`: take it as it is, clean. */
  private async adopted(
    { readOnly, snapshot }: { readOnly: boolean; snapshot: Snapshot },
    filePath: string | undefined,
  ): Promise<void> {
    this.forgetPending();
    this.generation++;
    this.reread(snapshot);
    await this.interruptRunning();
    await this.colourRuns();
    this.filePath = filePath;
    this.readOnly = readOnly;
    this.dirty = false;
    this.restorable = 0;
    this.notice = readOnly
      ? message('file.newerVersion', { name: filePath ? path.basename(filePath) : message('file.thisFile') })
      : undefined;
    await this.changed(false);
  }

  /** Saves the session to `file` (a consistent copy, atomically), and makes it the session's file. */
  async saveTo(file: string): Promise<void> {
    if (this.readOnly && file === this.filePath) {
      throw new SessionFileError(message('file.readOnly', { name: path.basename(file) }));
    }
    await this.settled();
    void this.flushPaths();
    await this.database.call('saveCopy', file, this.appVersion);
    this.filePath = file;
    this.readOnly = false;
    this.dirty = false;
    this.notice = undefined;
    await this.changed(false);
  }

  dismissRestore(): void {
    this.restorable = 0;
    this.emit();
  }

  /** Writes the whole document, paths included, in its readable JSON form (Export JSON). */
  async exportJson(file: string): Promise<void> {
    await this.settled();
    void this.flushPaths();
    await this.database.call('exportJson', file, this.appVersion);
  }

  /** Writes what is still pending (path batches); every other change is written already. */
  async flush(): Promise<void> {
    await this.settled();
    await this.flushPaths();
  }

  /** Flushes and closes the working copy (the app is quitting). */
  async close(): Promise<void> {
    if (!this.thread) return;
    await this.settled();
    await this.flushPaths();
    const thread = this.thread;
    this.thread = undefined;
    await thread.close();
  }

  private flushPaths(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batches = this.pending.splice(0).filter(({ runId }) => this.listing(runId));
    return batches.length > 0 ? this.write('appendPath', batches) : Promise.resolve();
  }

  /**
   * A write to the working copy, settled once committed; a failure (disk full) is told to the
   * user, never swallowed. The notice stays until a Save succeeds: later small writes passing do
   * not mean the lost one did.
   */
  private write<K extends Write>(method: K, ...args: Parameters<SessionThreadMethods[K]>): Promise<void> {
    if (!this.thread) return Promise.resolve();
    return this.thread.call(method, ...args).then(
      () => undefined,
      (error: unknown) => this.failed(error),
    );
  }

  private failed(error: unknown): void {
    this.onSaveError(error);
    const detail = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
    this.notice = message('file.autosaveFailed', { detail });
    this.emit();
  }

  private changed(dirty = true): Promise<void> {
    if (dirty) this.dirty = true;
    // The working state is written when it changes, not with every change to the document.
    const working = `${this.dirty ? 1 : 0}${this.filePath ?? ''}`;
    let written = Promise.resolve();
    if (working !== this.writtenWorking) {
      written = this.write('setWorking', { filePath: this.filePath, dirty: this.dirty });
      this.writtenWorking = working;
    }
    this.emit();
    return written;
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }
}
