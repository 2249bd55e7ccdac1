import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, backup } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { PathRows, RecordedPath } from '@shared/engine/path-rows';
import { message } from '@shared/messages';
import {
  RunListingSchema,
  jsonNumber,
  recordFromJson,
  recordToJson,
  type RunListing,
  type RunRecord,
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
 * - `runs`: one row a run, `id` its primary key; name, notes, colour (`#rrggbb`), timestamps,
 *   spec and summary as JSON (NaN and ±Infinity as strings), the path's dimension and whether it
 *   was thinned. `color` was added within version 2 (files without it read as uncoloured).
 * - `path_chunks(run_id, generation, seq)`: a run's path in order, each chunk four BLOBs of
 *   float64 (steps, points row by row, values, gradient norms). A run's path is the chunks of its
 *   `path_generation`: a finished run's final path is written as the next generation a chunk at a
 *   time, then switched to in one small transaction, so no single write holds main for long.
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
  color TEXT,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  summary TEXT,
  duration_ms REAL,
  path_dimension INTEGER,
  path_thinned INTEGER NOT NULL DEFAULT 0,
  path_generation INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS runs_by_time ON runs (created_at);
CREATE TABLE IF NOT EXISTS path_chunks (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  generation INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  steps BLOB NOT NULL,
  points BLOB NOT NULL,
  "values" BLOB NOT NULL,
  gradient_norms BLOB NOT NULL,
  PRIMARY KEY (run_id, generation, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS working (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

const json = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' ? jsonNumber(item) : item));

const blob = (values: Float64Array): Uint8Array => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

interface RunRow {
  id: string;
  created_at: string;
  name: string;
  notes: string | null;
  color?: string | null;
  spec: string;
  status: string;
  summary: string | null;
  duration_ms: number | null;
  path_dimension: number | null;
  path_thinned: number;
  path_generation: number;
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
    if (stat.size > MAX_SESSION_FILE_BYTES)
      throw new SessionFileError(message('file.tooLarge', { name, limit: MAX_SESSION_FILE_BYTES / 1024 ** 2 }));
    const header = Buffer.alloc(SQLITE_HEADER.length);
    await handle.read(header, 0, header.length, 0);
    if (header.toString('latin1') !== SQLITE_HEADER)
      throw new SessionFileError(message('file.notDescentLab', { name }));
  } finally {
    await handle.close();
  }
  const facts = await inspectInWorker(file);
  if ('error' in facts) throw new SessionFileError(message('file.badDatabase', { name, detail: facts.error }));
  if (facts.applicationId !== APPLICATION_ID) throw new SessionFileError(message('file.notDescentLab', { name }));
  const version = facts.userVersion;
  if (version > USER_VERSION) throw new SessionFileError(message('file.newerDatabase', { name, version }));
  if (version < USER_VERSION)
    throw new SessionFileError(message('file.badDatabase', { name, detail: `user_version ${version}` }));
  if (facts.quickCheck !== 'ok')
    throw new SessionFileError(message('file.badDatabase', { name, detail: facts.quickCheck }));
}

type DatabaseFacts = { applicationId: number; userVersion: number; quickCheck: string } | { error: string };

/**
 * Reads a database's identity and runs `PRAGMA quick_check` in a worker thread, read-only: on a
 * gigabyte file the check takes a second, which main's event loop must not wait through.
 */
const INSPECTOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
let db;
try {
  db = new DatabaseSync(workerData.file, { readOnly: true });
  const applicationId = Number(db.prepare('PRAGMA application_id').get().application_id);
  const userVersion = Number(db.prepare('PRAGMA user_version').get().user_version);
  const quickCheck = applicationId === workerData.expected
    ? db.prepare('PRAGMA quick_check').all().map((row) => row.quick_check).slice(0, 3).join('; ')
    : 'not checked';
  parentPort.postMessage({ applicationId, userVersion, quickCheck });
} catch (error) {
  parentPort.postMessage({ error: error && error.message ? error.message : String(error) });
} finally {
  if (db) db.close();
}
`;

function inspectInWorker(file: string): Promise<DatabaseFacts> {
  return new Promise((resolve) => {
    const worker = new Worker(INSPECTOR, { eval: true, workerData: { file, expected: APPLICATION_ID } });
    worker.once('message', (facts: DatabaseFacts) => resolve(facts));
    worker.once('error', (error: Error) => resolve({ error: error.message }));
    worker.once('exit', (code) => resolve({ error: `the check stopped (${code})` }));
  });
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
    // A writer waits (rather than fails) while another connection (a Save's backup, a check) holds a lock.
    this.db = new DatabaseSync(file, { readOnly: options.readOnly, enableForeignKeyConstraints: true, timeout: 5000 });
    if (!options.readOnly) {
      // WAL: a commit is one append, readers (a Save's backup) proceed alongside; FULL syncs each
      // commit, so what was acknowledged survives a power cut.
      this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
      const version = Number(this.db.prepare('PRAGMA user_version').get()?.user_version);
      if (version === 0) {
        this.db.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${USER_VERSION};`);
      }
      this.db.exec(SCHEMA);
      // Added within version 2: a working copy from before it gets the column (an older version
      // reading a newer file ignores it).
      const columns = this.db.prepare('PRAGMA table_info(runs)').all() as { name: string }[];
      if (!columns.some((column) => column.name === 'color')) this.db.exec('ALTER TABLE runs ADD COLUMN color TEXT');
    }
    const db = this.db;
    this.statements = {
      listings: db.prepare('SELECT * FROM runs ORDER BY created_at DESC, rowid DESC'),
      run: db.prepare('SELECT * FROM runs WHERE id = ?'),
      chunks: db.prepare(
        `SELECT rows, steps, points, "values", gradient_norms FROM path_chunks
         WHERE run_id = ? AND generation = ? ORDER BY seq`,
      ),
      ...(options.readOnly
        ? {}
        : {
            putRun: db.prepare(
              `INSERT INTO runs (id, created_at, name, notes, spec, status, summary, duration_ms, path_dimension, path_thinned, color)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, name = excluded.name,
                 notes = excluded.notes, color = excluded.color, spec = excluded.spec, status = excluded.status, summary = excluded.summary,
                 duration_ms = excluded.duration_ms,
                 path_dimension = coalesce(excluded.path_dimension, runs.path_dimension),
                 path_thinned = CASE WHEN excluded.path_dimension IS NULL THEN runs.path_thinned
                   ELSE excluded.path_thinned END`,
            ),
            deleteChunks: db.prepare('DELETE FROM path_chunks WHERE run_id = ?'),
            deleteOtherGenerations: db.prepare('DELETE FROM path_chunks WHERE run_id = ? AND generation != ?'),
            nextSeq: db.prepare(
              `SELECT coalesce(max(seq) + 1, 0) AS seq FROM path_chunks
               WHERE run_id = ? AND generation = (SELECT path_generation FROM runs WHERE id = ?)`,
            ),
            switchPath: db.prepare(
              'UPDATE runs SET path_generation = ?, path_dimension = ?, path_thinned = ? WHERE id = ?',
            ),
            putChunk: db.prepare(
              `INSERT INTO path_chunks (run_id, generation, seq, rows, steps, points, "values", gradient_norms)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
  static async openWorkingCopy(file: string, options: { checked?: boolean } = {}): Promise<SessionDatabase> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const exists = await fs.stat(file).then(
      () => true,
      () => false,
    );
    if (exists && !options.checked) await checkSessionDatabase(file);
    return new SessionDatabase(file, { readOnly: false });
  }

  /** A checked `.dlab` database, read-only (for the CLI's replay, and to read a document whole). */
  static async openToRead(file: string): Promise<SessionDatabase> {
    await checkSessionDatabase(file);
    return new SessionDatabase(file, { readOnly: true });
  }

  close(): void {
    if (!this.db.isOpen) return;
    // Quitting: the WAL is folded into the file, so what is left on disk is one file.
    if (!this.db.prepare('PRAGMA query_only').get()?.query_only) {
      try {
        this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch {
        // Busy (a reader): SQLite checkpoints at the next open.
      }
    }
    this.db.close();
  }

  private writable<
    K extends
      | 'putRun'
      | 'deleteChunks'
      | 'deleteOtherGenerations'
      | 'nextSeq'
      | 'switchPath'
      | 'putChunk'
      | 'deleteRun'
      | 'putDocument'
      | 'putWorking',
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

  /** A run's stored path: chunk bytes copied into columns, no per-number work. */
  path(id: string): RecordedPath | undefined {
    const row = this.statements.run.get(id) as RunRow | undefined;
    if (!row?.path_dimension) return undefined;
    const chunks = this.statements.chunks.all(id, row.path_generation) as unknown as ChunkRow[];
    const join = (pick: (chunk: ChunkRow) => Uint8Array): Float64Array => {
      const parts = chunks.map(pick);
      const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.byteLength;
      }
      return new Float64Array(bytes.buffer);
    };
    const steps = join((chunk) => chunk.steps);
    return {
      count: steps.length,
      dimension: row.path_dimension,
      thinned: row.path_thinned === 1,
      steps,
      points: join((chunk) => chunk.points),
      values: join((chunk) => chunk.values),
      gradientNorms: join((chunk) => chunk.gradient_norms),
    };
  }

  run(id: string): RunRecord | undefined {
    const listing = this.listing(id);
    if (!listing) return undefined;
    const path = this.path(id);
    return path ? { ...listing, path } : listing;
  }

  /** Writes a run's row; with a path, that path replaces whatever was stored for it (one transaction). */
  putRun(record: RunRecord): void {
    this.transaction(() => this.putRunNow(record));
  }

  private putRow(record: RunListing & { path?: { dimension: number; thinned: boolean } }): void {
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
      record.color ?? null,
    );
  }

  private putRunNow(record: RunRecord): void {
    this.putRow(record);
    if (!record.path) return;
    this.writable('deleteChunks').run(record.id);
    this.writable('switchPath').run(0, record.path.dimension, record.path.thinned ? 1 : 0, record.id);
    for (const chunk of chunksOf(record.path)) this.putChunk(record.id, 0, chunk);
  }

  private putChunk(runId: string, generation: number, chunk: Chunk): void {
    this.writable('putChunk').run(
      runId,
      generation,
      chunk.seq,
      chunk.rows,
      blob(chunk.steps),
      blob(chunk.points),
      blob(chunk.values),
      blob(chunk.gradientNorms),
    );
  }

  /**
   * Replaces a run's path without holding the database for long: the new path is written as the
   * next generation, one chunk (16,384 rows) a transaction with a turn of the event loop between
   * (other writes go on meanwhile), then switched to in one small transaction. Until the switch
   * the old path stands; a crash leaves it standing. A run deleted meanwhile stays deleted.
   */
  async replacePath(runId: string, path: RecordedPath): Promise<void> {
    const row = this.statements.run.get(runId) as RunRow | undefined;
    if (!row) return;
    const generation = row.path_generation + 1;
    for (const chunk of chunksOf(path)) {
      if (!this.statements.run.get(runId)) return;
      this.transaction(() => this.putChunk(runId, generation, chunk));
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.transaction(() => {
      if (!this.statements.run.get(runId)) return;
      this.writable('switchPath').run(generation, path.dimension, path.thinned ? 1 : 0, runId);
      this.writable('deleteOtherGenerations').run(runId, generation);
    });
  }

  /** Appends rows to a running run's path (what the window was shown), so a crash keeps them. */
  appendPath(batches: readonly { runId: string; batch: PathRows }[]): void {
    if (batches.length === 0) return;
    this.transaction(() => {
      for (const { runId, batch } of batches) {
        const row = this.statements.run.get(runId) as RunRow | undefined;
        if (batch.count === 0 || !row) continue;
        const seq = Number(this.writable('nextSeq').get(runId, runId)?.seq ?? 0);
        if (seq === 0) this.writable('switchPath').run(row.path_generation, batch.dimension, 0, runId);
        for (const chunk of chunksOf(batch, seq)) this.putChunk(runId, row.path_generation, chunk);
      }
    });
  }

  /** Chunks no run points at (a final path cut short by a crash), removed when the working copy opens. */
  removeOrphanChunks(): void {
    this.db.exec(
      'DELETE FROM path_chunks WHERE generation != (SELECT path_generation FROM runs WHERE runs.id = path_chunks.run_id)',
    );
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
      for (const run of document.runs) this.putRunNow(recordFromJson(run));
    });
  }

  /** Every run with its path, newest first, one at a time with a turn of the event loop between. */
  async *eachRun(): AsyncGenerator<RunRecord> {
    for (const listing of this.listings()) {
      const run = this.run(listing.id);
      if (run) yield run;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The whole document, paths included, as the JSON form has it (the CLI, tests). */
  exportDocument(appVersion: string): SessionDocument {
    const form = this.form();
    const runs = this.listings().map((listing) => recordToJson(this.run(listing.id) ?? listing));
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

interface Chunk {
  seq: number;
  rows: number;
  steps: Float64Array;
  points: Float64Array;
  values: Float64Array;
  gradientNorms: Float64Array;
}

/** Rows in chunks of 16,384 (views, not copies): each BLOB well under SQLite's limits, each write short. */
function* chunksOf(path: PathRows, firstSeq = 0): Generator<Chunk> {
  const CHUNK = 16_384;
  const n = path.dimension;
  for (let start = 0, seq = firstSeq; start < path.count; start += CHUNK, seq++) {
    const end = Math.min(path.count, start + CHUNK);
    yield {
      seq,
      rows: end - start,
      steps: path.steps.subarray(start, end),
      points: path.points.subarray(start * n, end * n),
      values: path.values.subarray(start, end),
      gradientNorms: path.gradientNorms.subarray(start, end),
    };
  }
}

function listingOf(row: RunRow): RunListing {
  const record = {
    id: row.id,
    name: row.name,
    ...(row.notes !== null ? { notes: row.notes } : {}),
    ...(typeof row.color === 'string' ? { color: row.color } : {}),
    createdAt: row.created_at,
    spec: JSON.parse(row.spec) as unknown,
    status: row.status,
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(row.summary !== null ? { summary: JSON.parse(row.summary) as unknown } : {}),
  };
  // What our own code wrote, read back through the same schema a JSON file passes (NaN as text).
  const parsed = validate(RunListingSchema, record);
  if (!parsed.ok)
    throw new SessionFileError(message('file.badDatabase', { name: row.id, detail: 'a run is not valid' }));
  return parsed.value;
}
