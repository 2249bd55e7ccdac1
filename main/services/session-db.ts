import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, backup } from 'node:sqlite';
import type { PathBatch } from '@shared/engine/thinning';
import { message } from '@shared/messages';
import {
  RunRecordSchema,
  jsonNumber,
  type RunListing,
  type RunRecord,
  type StoredPath,
} from '@shared/session/run-record';
import { FormStateSchema, SESSION_FORMAT, type FormState, type SessionDocument } from '@shared/session/schema';
import { validate } from '@shared/spec';
import { SessionFileError } from './session-errors';

/**
 * A `.dlab` session is a SQLite database ("SQLite as an application file format"): atomic commits,
 * incremental writes, paths as binary columns. This module is the only code that speaks SQL.
 *
 * Schema (user_version 2; version 1 was the JSON document):
 * - `document(key, value)`: 'form' (the form as typed, JSON), 'appVersion', 'savedAt'.
 * - `runs`: one row a run, `id` its primary key; spec and summary as JSON (NaN and ±Infinity
 *   as strings), the path's dimension and whether it was thinned.
 * - `path_chunks(run_id, seq)`: a run's path in order, each chunk four BLOBs of float64
 *   (steps, points row by row, values, gradient norms).
 * - `working(key, value)`: only in the working copy (the autosave): its file and unsaved flag.
 */
export const APPLICATION_ID = 0x444c4142; // 'DLAB'
export const USER_VERSION = 2;
/** The first bytes of every SQLite database file. */
const SQLITE_HEADER = 'SQLite format 3\0';
/** A session file larger than this is refused before it is read. */
export const MAX_SESSION_FILE_BYTES = 4 * 1024 ** 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS document (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  name TEXT NOT NULL,
  notes TEXT,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  summary TEXT,
  duration_ms REAL,
  path_dimension INTEGER,
  path_thinned INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS runs_by_time ON runs (created_at);
CREATE TABLE IF NOT EXISTS path_chunks (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  steps BLOB NOT NULL,
  points BLOB NOT NULL,
  "values" BLOB NOT NULL,
  gradient_norms BLOB NOT NULL,
  PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS working (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

const json = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' ? jsonNumber(item) : item));

const blob = (values: Float64Array | readonly number[]): Uint8Array => {
  const array = values instanceof Float64Array ? values : Float64Array.from(values);
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
};

const doubles = (bytes: Uint8Array): Float64Array => {
  // SQLite's buffers are not 8-byte aligned in general: copy into an aligned array.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
};

interface RunRow {
  id: string;
  created_at: string;
  name: string;
  notes: string | null;
  spec: string;
  status: string;
  summary: string | null;
  duration_ms: number | null;
  path_dimension: number | null;
  path_thinned: number;
}

interface ChunkRow {
  rows: number;
  steps: Uint8Array;
  points: Uint8Array;
  values: Uint8Array;
  gradient_norms: Uint8Array;
}

export interface WorkingState {
  readonly filePath: string | undefined;
  readonly dirty: boolean;
}

/**
 * Checks that `file` is a regular file holding a Descent Lab database before anything opens it:
 * not a folder, FIFO or device, not over the size limit, SQLite's header, then (opened read-only)
 * our application id, a schema version we know, and `PRAGMA quick_check`. Never modifies it.
 */
export async function checkSessionDatabase(file: string): Promise<void> {
  const name = path.basename(file);
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SessionFileError(message('file.notRegular', { name }));
    if (stat.size > MAX_SESSION_FILE_BYTES) throw new SessionFileError(message('file.tooLarge', { name }));
    const header = Buffer.alloc(SQLITE_HEADER.length);
    await handle.read(header, 0, header.length, 0);
    if (header.toString('latin1') !== SQLITE_HEADER)
      throw new SessionFileError(message('file.notDescentLab', { name }));
  } finally {
    await handle.close();
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const id = db.prepare('PRAGMA application_id').get()?.application_id;
    if (id !== APPLICATION_ID) throw new SessionFileError(message('file.notDescentLab', { name }));
    const version = Number(db.prepare('PRAGMA user_version').get()?.user_version);
    if (version > USER_VERSION) throw new SessionFileError(message('file.newerDatabase', { name, version }));
    if (version < USER_VERSION)
      throw new SessionFileError(message('file.badDatabase', { name, detail: `user_version ${version}` }));
    const check = db.prepare('PRAGMA quick_check').all();
    const verdict = String(check[0]?.quick_check ?? '');
    if (verdict !== 'ok') throw new SessionFileError(message('file.badDatabase', { name, detail: verdict }));
  } catch (error) {
    if (error instanceof SessionFileError) throw error;
    throw new SessionFileError(message('file.badDatabase', { name, detail: (error as Error).message }));
  } finally {
    db?.close();
  }
}

/** Whether a file starts as a SQLite database does (a JSON session does not). */
export async function isSqliteFile(file: string): Promise<boolean> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) return false;
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    return bytesRead === header.length && header.toString('latin1') === SQLITE_HEADER;
  } finally {
    await handle.close();
  }
}

/** A session database: the working copy in the data folder, or a `.dlab` opened to read. */
export class SessionDatabase {
  private readonly db: DatabaseSync;
  private readonly statements;

  private constructor(
    readonly file: string,
    options: { readOnly: boolean },
  ) {
    this.db = new DatabaseSync(file, { readOnly: options.readOnly, enableForeignKeyConstraints: true });
    if (!options.readOnly) {
      // WAL: a commit is one append, readers (a Save's backup) proceed alongside; FULL syncs each
      // commit, so what was acknowledged survives a power cut.
      this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
      const version = Number(this.db.prepare('PRAGMA user_version').get()?.user_version);
      if (version === 0) {
        this.db.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${USER_VERSION};`);
      }
      this.db.exec(SCHEMA);
    }
    const db = this.db;
    this.statements = {
      listings: db.prepare('SELECT * FROM runs ORDER BY created_at DESC, rowid DESC'),
      run: db.prepare('SELECT * FROM runs WHERE id = ?'),
      chunks: db.prepare(
        'SELECT rows, steps, points, "values", gradient_norms FROM path_chunks WHERE run_id = ? ORDER BY seq',
      ),
      ...(options.readOnly
        ? {}
        : {
            putRun: db.prepare(
              `INSERT INTO runs (id, created_at, name, notes, spec, status, summary, duration_ms, path_dimension, path_thinned)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, name = excluded.name,
                 notes = excluded.notes, spec = excluded.spec, status = excluded.status, summary = excluded.summary,
                 duration_ms = excluded.duration_ms,
                 path_dimension = coalesce(excluded.path_dimension, runs.path_dimension),
                 path_thinned = CASE WHEN excluded.path_dimension IS NULL THEN runs.path_thinned
                   ELSE excluded.path_thinned END`,
            ),
            deleteChunks: db.prepare('DELETE FROM path_chunks WHERE run_id = ?'),
            nextSeq: db.prepare('SELECT coalesce(max(seq) + 1, 0) AS seq FROM path_chunks WHERE run_id = ?'),
            putChunk: db.prepare(
              'INSERT INTO path_chunks (run_id, seq, rows, steps, points, "values", gradient_norms) VALUES (?, ?, ?, ?, ?, ?, ?)',
            ),
            deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
            putDocument: db.prepare('INSERT OR REPLACE INTO document (key, value) VALUES (?, ?)'),
            putWorking: db.prepare('INSERT OR REPLACE INTO working (key, value) VALUES (?, ?)'),
          }),
      document: db.prepare('SELECT value FROM document WHERE key = ?'),
      working: db.prepare('SELECT value FROM working WHERE key = ?'),
    };
  }

  /** The working copy (created if missing). A file of another kind is refused, never changed. */
  static async openWorkingCopy(file: string): Promise<SessionDatabase> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const exists = await fs.stat(file).then(
      () => true,
      () => false,
    );
    if (exists) await checkSessionDatabase(file);
    return new SessionDatabase(file, { readOnly: false });
  }

  /** A checked `.dlab` database, read-only (for the CLI's replay, and to read a document whole). */
  static async openToRead(file: string): Promise<SessionDatabase> {
    await checkSessionDatabase(file);
    return new SessionDatabase(file, { readOnly: true });
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private writable<
    K extends 'putRun' | 'deleteChunks' | 'nextSeq' | 'putChunk' | 'deleteRun' | 'putDocument' | 'putWorking',
  >(name: K): NonNullable<(typeof this.statements)[K]> {
    const statement = this.statements[name];
    if (!statement) throw new Error('the session database is open read-only');
    return statement;
  }

  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  form(): FormState | undefined {
    const row = this.statements.document.get('form');
    if (!row) return undefined;
    const parsed = validate(FormStateSchema, JSON.parse(String(row.value)));
    return parsed.ok ? parsed.value : undefined;
  }

  setForm(form: FormState | undefined): void {
    if (form) this.writable('putDocument').run('form', JSON.stringify(form));
    else this.db.exec("DELETE FROM document WHERE key = 'form'");
  }

  working(): WorkingState {
    const filePath = this.statements.working.get('filePath')?.value;
    return {
      filePath: typeof filePath === 'string' && filePath ? filePath : undefined,
      dirty: this.statements.working.get('dirty')?.value === '1',
    };
  }

  setWorking(state: WorkingState): void {
    this.transaction(() => {
      this.writable('putWorking').run('filePath', state.filePath ?? '');
      this.writable('putWorking').run('dirty', state.dirty ? '1' : '0');
    });
  }

  /** Every run without its path, newest first. */
  listings(): RunListing[] {
    return this.statements.listings.all().map((row) => listingOf(row as unknown as RunRow));
  }

  listing(id: string): RunListing | undefined {
    const row = this.statements.run.get(id) as RunRow | undefined;
    return row ? listingOf(row) : undefined;
  }

  /** A run's stored path, assembled from its chunks. */
  path(id: string): StoredPath | undefined {
    const row = this.statements.run.get(id) as RunRow | undefined;
    if (!row?.path_dimension) return undefined;
    const chunks = this.statements.chunks.all(id) as unknown as ChunkRow[];
    const steps: number[] = [];
    const points: number[] = [];
    const values: number[] = [];
    const gradientNorms: number[] = [];
    for (const chunk of chunks) {
      for (const v of doubles(chunk.steps)) steps.push(v);
      for (const v of doubles(chunk.points)) points.push(v);
      for (const v of doubles(chunk.values)) values.push(v);
      for (const v of doubles(chunk.gradient_norms)) gradientNorms.push(v);
    }
    return { dimension: row.path_dimension, thinned: row.path_thinned === 1, steps, points, values, gradientNorms };
  }

  run(id: string): RunRecord | undefined {
    const listing = this.listing(id);
    if (!listing) return undefined;
    const path = this.path(id);
    return path ? { ...listing, path } : listing;
  }

  /** Writes a run's row; with a path, that path replaces whatever was stored for it. */
  putRun(record: RunRecord): void {
    this.transaction(() => this.putRunNow(record));
  }

  private putRunNow(record: RunRecord): void {
    this.writable('putRun').run(
      record.id,
      record.createdAt,
      record.name,
      record.notes ?? null,
      json(record.spec),
      record.status,
      record.summary ? json(record.summary) : null,
      record.durationMs ?? null,
      record.path?.dimension ?? null,
      record.path?.thinned ? 1 : 0,
    );
    if (!record.path) return;
    this.writable('deleteChunks').run(record.id);
    const { dimension, steps } = record.path;
    // Chunks of 16,384 rows keep each BLOB well under SQLite's limits and reads incremental.
    const CHUNK = 16_384;
    for (let start = 0, seq = 0; start < steps.length; start += CHUNK, seq++) {
      const end = Math.min(steps.length, start + CHUNK);
      this.writable('putChunk').run(
        record.id,
        seq,
        end - start,
        blob(record.path.steps.slice(start, end)),
        blob(record.path.points.slice(start * dimension, end * dimension)),
        blob(record.path.values.slice(start, end)),
        blob(record.path.gradientNorms.slice(start, end)),
      );
    }
  }

  /** Appends rows to a running run's path (what the window was shown), so a crash keeps them. */
  appendPath(batches: readonly { runId: string; batch: PathBatch }[]): void {
    if (batches.length === 0) return;
    this.transaction(() => {
      for (const { runId, batch } of batches) {
        if (batch.count === 0) continue;
        const seq = Number(this.writable('nextSeq').get(runId)?.seq ?? 0);
        if (seq === 0) this.db.prepare('UPDATE runs SET path_dimension = ? WHERE id = ?').run(batch.dimension, runId);
        this.writable('putChunk').run(
          runId,
          seq,
          batch.count,
          blob(batch.steps.subarray(0, batch.count)),
          blob(batch.points.subarray(0, batch.count * batch.dimension)),
          blob(batch.values.subarray(0, batch.count)),
          blob(batch.gradientNorms.subarray(0, batch.count)),
        );
      }
    });
  }

  deleteRun(id: string): void {
    this.writable('deleteRun').run(id);
  }

  /** Empties the document (New), keeping the file. */
  clear(): void {
    this.transaction(() => {
      this.db.exec('DELETE FROM path_chunks; DELETE FROM runs; DELETE FROM document; DELETE FROM working;');
    });
  }

  /** Replaces the document with one read from JSON (an old `.dlab`, a restored autosave). */
  importDocument(document: SessionDocument): void {
    this.transaction(() => {
      this.db.exec('DELETE FROM path_chunks; DELETE FROM runs; DELETE FROM document;');
      if (document.form) this.writable('putDocument').run('form', JSON.stringify(document.form));
      // Run ids are keys: a JSON file that repeats one was refused when it was read.
      for (const run of document.runs) this.putRunNow(run);
    });
  }

  /** The whole document, paths included, as the JSON form has it (Export JSON, tests). */
  exportDocument(appVersion: string): SessionDocument {
    const form = this.form();
    const runs = this.listings().map((listing) => this.run(listing.id) ?? listing);
    return {
      format: SESSION_FORMAT,
      schemaVersion: 1,
      appVersion,
      savedAt: new Date().toISOString(),
      ...(form ? { form } : {}),
      runs,
    };
  }

  /**
   * Writes a consistent copy to `target` atomically: SQLite's online backup into a temporary
   * file in the same folder (on the thread pool, so main's loop keeps turning), the working
   * copy's own table dropped, fsync, then rename over the target.
   */
  async saveCopy(target: string, appVersion: string): Promise<void> {
    await removeStaleTemporaries(target);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
    try {
      await fs.writeFile(temp, '', { flag: 'wx' });
      await backup(this.db, temp, { rate: 256 });
      const copy = new DatabaseSync(temp);
      try {
        copy.exec('DROP TABLE IF EXISTS working; PRAGMA journal_mode = DELETE;');
        copy.prepare('INSERT OR REPLACE INTO document (key, value) VALUES (?, ?)').run('appVersion', appVersion);
        copy
          .prepare('INSERT OR REPLACE INTO document (key, value) VALUES (?, ?)')
          .run('savedAt', new Date().toISOString());
        copy.exec('CREATE TABLE IF NOT EXISTS working (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;');
      } finally {
        copy.close();
      }
      const handle = await fs.open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    if (process.platform !== 'win32') {
      const dir = await fs.open(path.dirname(target), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  }
}

/**
 * Removes the temporary files an earlier save of `target` left when its process was killed
 * mid-save (named `.<file>.<pid>.<time>.tmp`, their process gone); a live process's are kept.
 */
async function removeStaleTemporaries(target: string): Promise<void> {
  const folder = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const [pid, time, ...rest] = name.slice(prefix.length, -'.tmp'.length).split('.');
    if (rest.length > 0 || !/^\d+$/.test(time ?? '')) continue;
    if (!/^\d+$/.test(pid ?? '') || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    await fs.rm(path.join(folder, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listingOf(row: RunRow): RunListing {
  const record = {
    id: row.id,
    name: row.name,
    ...(row.notes !== null ? { notes: row.notes } : {}),
    createdAt: row.created_at,
    spec: JSON.parse(row.spec) as unknown,
    status: row.status,
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(row.summary !== null ? { summary: JSON.parse(row.summary) as unknown } : {}),
  };
  // What our own code wrote, read back through the same schema a JSON file passes (NaN as text).
  const parsed = validate(RunRecordSchema, record);
  if (!parsed.ok)
    throw new SessionFileError(message('file.badDatabase', { name: row.id, detail: 'a run is not valid' }));
  return parsed.value;
}
