import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage, UserError } from '../messages';
import { parseSessionText, serializeSession, sessionJsonChunks } from './json-form';
import { recordFromJson, type RunRecord } from './run-record';

const V1 = readFileSync(path.join(__dirname, 'fixtures/v1.dlab'), 'utf8');

function refusal(text: string): string {
  try {
    parseSessionText('s.dlab', text);
  } catch (error) {
    if (error instanceof UserError) return formatMessage(error.detail);
    throw error;
  }
  throw new Error('accepted');
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe('the JSON form of a session', () => {
  it('reads a version 1 file and writes text that reads back the same', () => {
    const { document, readOnly } = parseSessionText('v1.dlab', V1);
    expect(readOnly).toBe(false);
    expect(document.runs.length).toBeGreaterThan(0);
    expect(parseSessionText('again.dlab', serializeSession(document)).document).toEqual(document);
  });

  it('streams the same document a run at a time', async () => {
    const { document } = parseSessionText('v1.dlab', V1);
    async function* runs(): AsyncGenerator<RunRecord> {
      yield* document.runs.map(recordFromJson);
    }
    const text = await collect(sessionJsonChunks({ appVersion: document.appVersion, form: document.form }, runs()));
    const back = parseSessionText('streamed.dlab', text).document;
    expect(back.runs).toEqual(document.runs);
    expect(back.form).toEqual(document.form);
    const empty = await collect(sessionJsonChunks({ appVersion: '1', form: undefined }, none()));
    expect(parseSessionText('empty.dlab', empty).document.runs).toEqual([]);
  });

  it('refuses text that is not JSON, JSON nested deeper than a session, and repeated run ids, naming the file', () => {
    expect(refusal('{ not json')).toMatch(/s\.dlab.*not/);
    expect(refusal(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toMatch(/nested too deeply/);
    const { document } = parseSessionText('v1.dlab', V1);
    const run = document.runs[0];
    if (!run) throw new Error('fixture has no run');
    expect(refusal(serializeSession({ ...document, runs: [run, run] }))).toMatch(`two runs with the id ${run.id}`);
  });
});

async function* none(): AsyncGenerator<never> {}
