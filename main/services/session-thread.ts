import { constants, promises as fs } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { PathRows, RecordedPath } from '@shared/engine/path-rows';
import { UserError } from '@shared/messages';
import type { RunListing, RunRecord } from '@shared/session/run-record';
import type { FormState } from '@shared/session/schema';
import { writeFileAtomic } from './atomic-write';
import { SessionDatabase, type WorkingState } from './session-db';
import { parseSessionText, sessionJsonChunks, type LoadedSession } from '@shared/session/json-form';
import { readJsonSessionFile } from './session-files';
import { SessionFileError } from './session-errors';

/**
 * The session thread: a worker thread that owns the working copy's SQLite connection, so that no
 * write, fsync, checkpoint, parse or export of a session ever runs on main's event loop. Main
 * keeps the listing in memory and asks this thread, in order, to write and to read paths
 * (SessionStore); a reply means the change is committed.
 */

export interface Snapshot {
  readonly listings: RunListing[];
  readonly form: FormState | undefined;
  readonly working: WorkingState;
}

let db: SessionDatabase | undefined;

function database(): SessionDatabase {
  if (!db) throw new Error('the working copy is not open');
  return db;
}

const snapshot = (): Snapshot => {
  const open = database();
  return { listings: open.listings(), form: open.form(), working: open.working() };
};

function imported(loaded: LoadedSession): { readOnly: boolean; snapshot: Snapshot } {
  database().importDocument(loaded.document);
  return { readOnly: loaded.readOnly, snapshot: snapshot() };
}

const methods = {
  /** Opens (or creates) the working copy; one that is not a Descent Lab database is refused. */
  async open(file: string, options: { checked: boolean }): Promise<Snapshot> {
    db?.close();
    db = undefined;
    db = await SessionDatabase.openWorkingCopy(file, options);
    return snapshot();
  },
  close(): void {
    db?.close();
    db = undefined;
  },
  /**
   * Makes a checked `.dlab` the working copy: copied beside it, then renamed over it, so the
   * history is never read whole. If copying fails, the previous working copy is opened again.
   */
  async adopt(source: string): Promise<Snapshot> {
    const file = database().file;
    database().close();
    db = undefined;
    try {
      for (const suffix of ['-wal', '-shm']) await fs.rm(`${file}${suffix}`, { force: true });
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await fs.copyFile(source, temp, constants.COPYFILE_EXCL);
      await fs.rename(temp, file);
    } finally {
      db = await SessionDatabase.openWorkingCopy(file, { checked: true });
    }
    return snapshot();
  },
  /** Replaces the document with a JSON session file's (version 1: an old `.dlab`, the old autosave). */
  async importJsonFile(file: string): Promise<{ readOnly: boolean; snapshot: Snapshot }> {
    return imported(await readJsonSessionFile(file));
  },
  /** Replaces the document with a JSON session's text (a dropped file's content). */
  importJsonText(name: string, text: string): { readOnly: boolean; snapshot: Snapshot } {
    return imported(parseSessionText(name, text));
  },
  putRun(record: RunRecord): void {
    database().putRun(record);
  },
  replacePath(runId: string, path: RecordedPath): Promise<void> {
    return database().replacePath(runId, path);
  },
  appendPath(batches: readonly { runId: string; batch: PathRows }[]): void {
    database().appendPath(batches);
  },
  deleteRun(id: string): void {
    database().deleteRun(id);
  },
  clear(): void {
    database().clear();
  },
  setForm(form: FormState): void {
    database().setForm(form);
  },
  setWorking(state: WorkingState): void {
    database().setWorking(state);
  },
  removeOrphanChunks(): void {
    database().removeOrphanChunks();
  },
  run(id: string): RunRecord | undefined {
    return database().run(id);
  },
  path(id: string): RecordedPath | undefined {
    return database().path(id);
  },
  saveCopy(target: string, appVersion: string): Promise<void> {
    return database().saveCopy(target, appVersion);
  },
  /** Export JSON: the readable form, written a run at a time (never the whole text in memory). */
  exportJson(target: string, appVersion: string): Promise<void> {
    const open = database();
    return writeFileAtomic(target, sessionJsonChunks({ appVersion, form: open.form() }, open.eachRun()), {
      backup: false,
    });
  },
};

export type SessionThreadMethods = typeof methods;
export type SessionMethod = keyof SessionThreadMethods;

/** Long writes that others may pass (as they did on main): a Save, an export, a final path. */
const ALONGSIDE = new Set<SessionMethod>(['saveCopy', 'exportJson', 'replacePath']);
/** Calls that replace or close the connection: they wait for everything before them. */
const EXCLUSIVE = new Set<SessionMethod>(['open', 'close', 'adopt', 'importJsonFile', 'importJsonText']);

export interface ThreadRequest {
  readonly id: number;
  readonly method: SessionMethod;
  readonly args: readonly unknown[];
}

/** An error as it crosses to main: a user's message and the system's code survive. */
export interface ThreadError {
  readonly message: string;
  readonly detail?: UserError['detail'];
  readonly errno?: string;
  readonly code?: string;
}

export type ThreadReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ThreadError };

function wireError(error: unknown): ThreadError {
  const code = (error as { code?: unknown }).code;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof UserError ? { detail: error.detail } : {}),
    ...(error instanceof SessionFileError && error.errno ? { errno: error.errno } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** The buffers of a reply's typed arrays (a path's columns), handed over rather than copied. */
function transferables(value: unknown): ArrayBuffer[] {
  if (!value || typeof value !== 'object') return [];
  return Object.values(value).flatMap((item) =>
    item instanceof Float64Array && item.buffer instanceof ArrayBuffer ? [item.buffer] : [],
  );
}

/** Serves requests in order: each waits for the ordinary ones before it, see ALONGSIDE and EXCLUSIVE. */
function serve(port: NonNullable<typeof parentPort>): void {
  let tail: Promise<unknown> = Promise.resolve();
  const alongside = new Set<Promise<unknown>>();
  port.on('message', ({ id, method, args }: ThreadRequest) => {
    const call = (): Promise<unknown> =>
      Promise.resolve().then(() => (methods[method] as (...values: readonly unknown[]) => unknown)(...args));
    const before = EXCLUSIVE.has(method) ? Promise.allSettled([tail, ...alongside]) : tail;
    const result = before.then(call, call);
    if (ALONGSIDE.has(method)) {
      alongside.add(result);
      void result.finally(() => alongside.delete(result)).catch(() => undefined);
    } else tail = result.catch(() => undefined);
    result.then(
      (value) => {
        const reply: ThreadReply = { id, ok: true, value };
        port.postMessage(reply, transferables(value));
      },
      (error: unknown) => {
        const reply: ThreadReply = { id, ok: false, error: wireError(error) };
        port.postMessage(reply);
      },
    );
  });
}

if (parentPort) serve(parentPort);
