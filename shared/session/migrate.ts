import { SESSION_FORMAT, SESSION_SCHEMA_VERSION } from './schema';

/**
 * Pure migrations, one per version step: MIGRATIONS[n] turns a version-n document into version
 * n + 1. Each past version has a fixture file under fixtures/ that the tests open. (Version 1 is
 * the first; the table is empty until the format changes.)
 */
export const MIGRATIONS: Readonly<Record<number, (document: Record<string, unknown>) => Record<string, unknown>>> = {};

export type Migrated =
  | { ok: true; document: Record<string, unknown>; readOnly: boolean; fromVersion: number }
  | { ok: false; error: string };

/** Brings a parsed file up to the current schema version, or says why it cannot. */
export function migrate(json: unknown): Migrated {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, error: 'it does not contain a session object' };
  const document = json as Record<string, unknown>;
  if (document.format !== SESSION_FORMAT) {
    return { ok: false, error: 'this is not a Descent Lab session (format is not "descent-lab-session")' };
  }
  const version = document.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: `its schemaVersion ${JSON.stringify(version)} is not a version number` };
  }
  if (version > SESSION_SCHEMA_VERSION) {
    // A newer app wrote it: show what we understand, and never write it back (we would drop the rest).
    return { ok: true, document, readOnly: true, fromVersion: version };
  }
  let current = document;
  for (let v = version; v < SESSION_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, error: `no migration from schema version ${v}` };
    current = { ...step(current), schemaVersion: v + 1 };
  }
  return { ok: true, document: current, readOnly: false, fromVersion: version };
}
