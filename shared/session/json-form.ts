import { UserError, message } from '../messages';
import { validate } from '../spec';
import { migrate } from './migrate';
import { jsonNumber, recordToJson, type RunListing, type RunRecord } from './run-record';
import { SESSION_FORMAT, SessionSchema, type FormState, type SessionDocument } from './schema';

/*
 * The JSON form of a session (schema version 1: the format before SQLite, and Export JSON's),
 * written and read without touching a file: main reads and writes the bytes.
 */

/** Numbers as the JSON form writes them: NaN and ±Infinity as strings, which the schema reads back. */
const replacer = (_key: string, value: unknown): unknown => (typeof value === 'number' ? jsonNumber(value) : value);

/** A whole document as JSON text (small documents: tests, the CLI). */
export function serializeSession(document: SessionDocument): string {
  return JSON.stringify(document, replacer, 2);
}

/**
 * The JSON form of a session, a run at a time: the same text `serializeSession` gives, without
 * ever holding more than one run's path as text.
 */
export async function* sessionJsonChunks(
  head: { appVersion: string; form: FormState | undefined },
  runs: AsyncIterable<RunRecord | RunListing>,
): AsyncGenerator<string> {
  const top = JSON.stringify(
    {
      format: SESSION_FORMAT,
      schemaVersion: 1,
      appVersion: head.appVersion,
      savedAt: new Date().toISOString(),
      ...(head.form ? { form: head.form } : {}),
    },
    replacer,
    2,
  );
  yield `${top.slice(0, -2)},\n  "runs": [`;
  let first = true;
  for await (const run of runs) {
    const json = 'path' in run ? recordToJson(run) : run;
    yield `${first ? '' : ','}\n    ${JSON.stringify(json, replacer, 2).replaceAll('\n', '\n    ')}`;
    first = false;
  }
  yield first ? ']\n}' : '\n  ]\n}';
}

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
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new UserError(message('file.tooDeep', { name }));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(message('file.notJson', { name }));
  }
  const migrated = migrate(json);
  if (!migrated.ok) throw new UserError(message('file.cannotOpen', { name, detail: migrated.error }));
  const parsed = validate(SessionSchema, migrated.value.document);
  if (!parsed.ok) throw new UserError(message('file.invalidSession', { name, detail: parsed.error }));
  const ids = new Set<string>();
  for (const run of parsed.value.runs) {
    if (ids.has(run.id)) throw new UserError(message('file.duplicateRun', { name, id: run.id }));
    ids.add(run.id);
  }
  return { document: parsed.value, readOnly: migrated.value.readOnly };
}
