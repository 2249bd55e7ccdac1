import { describe, expect, it } from 'vitest';
import { LANGUAGES, messageIn } from './i18n';
import { FIELDS, MESSAGES, fill, formatMessage, isKnownMessage, message, type Message } from './messages';
import { FIELDS_JA, MESSAGES_JA } from './messages.ja';
import { JobSpecSchema, validate } from './spec';

function flatten(node: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(name, value);
    else for (const [k, v] of flatten(value as object, name)) out.set(k, v);
  }
  return out;
}

const placeholders = (template: string): string[] =>
  [...template.matchAll(/\{\s*(\w+)\s*\}/g)].map((m) => m[1] ?? '').sort();

describe('the shared catalogues', () => {
  const pairs = [
    [flatten(MESSAGES), flatten(MESSAGES_JA)],
    [flatten(FIELDS), flatten(FIELDS_JA)],
  ] as const;

  it('use the same placeholders in English and Japanese, and none is empty', () => {
    for (const [english, japanese] of pairs) {
      for (const [key, template] of english) {
        const translated = japanese.get(key) ?? '';
        expect(translated.trim(), key).not.toBe('');
        expect(placeholders(translated), key).toEqual(placeholders(template));
      }
    }
  });

  it("fill every placeholder and keep vue-i18n's reserved characters out of plain text", () => {
    for (const [english, japanese] of pairs) {
      for (const catalogue of [english, japanese]) {
        for (const [key, template] of catalogue) {
          const params = Object.fromEntries(placeholders(template).map((name) => [name, 'P']));
          const text = fill(template, params);
          expect(text, key).not.toMatch(/[{}@]/);
          // vue-i18n reads a bare | as a plural separator: it must be written {'|'}.
          expect(template.replace(/\{'[^']*'\}/g, ''), key).not.toContain('|');
        }
      }
    }
  });
});

describe('messages', () => {
  it('name the field in words, in the language asked for', () => {
    const m = message('field.greaterThan', { field: 'lr', bound: 0, got: '-1' });
    expect(formatMessage(m)).toBe('learning rate must be > 0, got -1');
    expect(messageIn('ja', m)).toBe('学習率は 0 より大きくしてください（入力: -1）');
    expect(formatMessage(message('field.notNumber', { field: 'start.2', got: 'NaN' }))).toBe(
      'start coordinate 2 must be a number, got NaN',
    );
  });

  it('render a nested message (a file error and its cause) and a column', () => {
    const nested = message('file.cannotOpen', { name: 'a.dlab', detail: message('file.notSession') });
    expect(formatMessage(nested)).toBe(
      'a.dlab cannot be opened: this is not a Descent Lab session (format is not "descent-lab-session")',
    );
    expect(messageIn('ja', message('expression.textString', { column: 5 }))).toBe(
      '関数に文字列は使えません（5 文字目）',
    );
  });

  it("write a literal | where the catalogue says {'|'}", () => {
    expect(formatMessage(message('run.changeSmall', { change: '1e-9', tol: 1e-8 }))).toBe(
      '|Δf| = 1e-9 fell below 1e-8',
    );
  });

  it('tell codes this version knows from those a newer one may write', () => {
    expect(isKnownMessage({ code: 'run.maxSteps', params: { steps: 3 } })).toBe(true);
    expect(isKnownMessage({ code: 'run.somethingNew' })).toBe(false);
    expect(isKnownMessage('run.maxSteps')).toBe(false);
  });
});

describe('spec validation', () => {
  const base = { expression: 'x^2 + y^2', start: [1, 2], optimizer: { name: 'sgd', lr: 0.1 } };
  const problem = (patch: Record<string, unknown>): Message => {
    const result = validate(JobSpecSchema, { ...base, ...patch });
    if (result.ok) throw new Error(`expected ${JSON.stringify(patch)} to be refused`);
    return result.error;
  };

  it.each([
    [{ optimizer: { name: 'adam', betas: [0.9, 1] } }, 'field.lessThan', { field: 'beta2', bound: 1, got: '1' }],
    [{ optimizer: { name: 'sgd', lr: 'fast' } }, 'field.notNumber', { field: 'lr', got: '"fast"' }],
    [{ optimizer: { name: 'sgd' }, start: [1, Number.NaN] }, 'field.notNumber', { field: 'start.2', got: 'NaN' }],
    [{ stop: { maxSteps: 0 } }, 'field.atLeast', { field: 'maxSteps', bound: 1, got: '0' }],
    [{ expression: '' }, 'expression.empty', undefined],
    [{ optimizer: { name: 'sgd', lr: 0.1, nesterov: true } }, 'spec.nesterov', undefined],
    [{ schedule: { type: 'weekly' } }, 'field.oneOf', { field: 'schedule' }],
  ])('%j is refused as %s', (patch, code, params) => {
    const m = problem(patch);
    expect(m.code).toBe(code);
    if (params) expect(m.params).toMatchObject(params);
    for (const language of LANGUAGES) expect(messageIn(language, m)).not.toMatch(/[{}]|undefined/);
  });

  it('says how many more problems there are after the first', () => {
    const m = problem({ optimizer: { name: 'sgd', lr: -1, momentum: -1 } });
    expect(formatMessage(m)).toBe('learning rate must be > 0, got -1 (and 1 more)');
  });
});
