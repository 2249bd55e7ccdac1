import path from 'node:path';
import { parseSessionText, type LoadedSession } from '@shared/session/json-form';
import { UserError, message, systemReason } from '@shared/messages';
import { readRegularFile } from './file-access';
import { SessionDatabase, isSqliteFile } from './session-db';
import { SessionFileError } from './session-errors';

/**
 * The session's file formats read whole and written as a stream: a SQLite `.dlab`, or the JSON
 * form of schema version 1 (the format before SQLite, and Export JSON's). The app itself opens a
 * SQLite file by copying it, never reading it whole; the CLI's replay reads either.
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
    throw new SessionFileError(
      message('file.unreadable', { name: path.basename(file), code: systemReason(code) }),
      code,
    );
  }
  return parseSessionText(path.basename(file), text);
}
