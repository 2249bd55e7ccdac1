import { message, type Result } from '../messages';
import { SESSION_FORMAT, SESSION_SCHEMA_VERSION } from './schema';

/**
 * Pure migrations, one per version step: MIGRATIONS[n] turns a version-n document into version
 * n + 1. Each past version has a fixture file under fixtures/ that the tests open. (Version 1 is
 * the first; the table is empty until the format changes.)
 */
export const MIGRATIONS: Readonly<Record<number, (document: Record<string, unknown>) => Record<string, unknown>>> = {};

export interface Migrated {
  readonly document: Record<string, unknown>;
  /** Written by a newer version: shown, never saved over. */
  readonly readOnly: boolean;
  readonly fromVersion: number;
}

/** Brings a parsed file up to the current schema version, or says why it cannot. */
export function migrate(json: unknown): Result<Migrated> {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, error: message('file.noSessionObject') };
  const document = json as Record<string, unknown>;
  if (document.format !== SESSION_FORMAT) {
    return { ok: false, error: message('file.notSession') };
  }
  const version = document.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: message('file.badVersion', { version: JSON.stringify(version) ?? 'nothing' }) };
  }
  if (version > SESSION_SCHEMA_VERSION) {
    // A newer app wrote it: show what we understand, and never write it back (we would drop the rest).
    return { ok: true, value: { document, readOnly: true, fromVersion: version } };
  }
  let current = document;
  for (let v = version; v < SESSION_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, error: message('file.noMigration', { version: v }) };
    current = { ...step(current), schemaVersion: v + 1 };
  }
  return { ok: true, value: { document: current, readOnly: false, fromVersion: version } };
}
