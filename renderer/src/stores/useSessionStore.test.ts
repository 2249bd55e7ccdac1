import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { DescentApi } from '@shared/ipc/contract';
import type { Result } from '@shared/messages';
import type { FormState } from '@shared/session/schema';
import type { SessionState } from '@shared/session/state';
import { useExperimentStore } from './useExperimentStore';
import { useNoticeStore } from './useNoticeStore';
import { useSessionStore } from './useSessionStore';

const SAVED_FORM: FormState = {
  expression: '(1 - x)^2 + 100 (y - x^2)^2',
  optimizer: 'adam',
  learningRate: '0.01',
  steps: '500',
  gradient: 'exact',
  h: '1e-4',
  start: { x: '-1.5', y: '2' },
};

function state(changes: Partial<SessionState> = {}): SessionState {
  return {
    filePath: undefined,
    title: 'Untitled',
    dirty: false,
    readOnly: false,
    restorable: 0,
    notice: undefined,
    ...changes,
  };
}

/** Main as the window sees it: the calls it was asked, in order, and answers a test may change. */
function host(answers: Partial<DescentApi> = {}): { calls: { name: string; args: unknown }[]; form: () => unknown } {
  const calls: { name: string; args: unknown }[] = [];
  let form: unknown = SAVED_FORM;
  const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
  const api: Partial<DescentApi> = {
    onSessionChanged: () => () => undefined,
    onRunProgress: () => () => undefined,
    onRunEnded: () => () => undefined,
    onHostLost: () => () => undefined,
    getSession: () => ok({ state: state({ title: 'lab.dlab', filePath: '/data/lab.dlab' }), form: form as FormState }),
    setLanguage: () => ok(state()),
    listRuns: () => ok([]),
    setForm: (next) => {
      calls.push({ name: 'setForm', args: next });
      return ok(state({ dirty: true }));
    },
    saveSession: (options) => {
      calls.push({ name: 'saveSession', args: options });
      return ok(state({ title: 'lab.dlab' }));
    },
    newSession: () => {
      calls.push({ name: 'newSession', args: {} });
      form = undefined;
      return ok(state());
    },
    openSessionText: (args) => {
      calls.push({ name: 'openSessionText', args });
      return ok(state());
    },
    openDroppedSession: () => Promise.resolve({ ok: false, error: { code: 'file.notOnDisk', params: { name: 'x' } } }),
    exportRun: () => Promise.resolve({ ok: false, error: { code: 'file.writeFailed', params: { code: 'EACCES' } } }),
    ...answers,
  };
  Object.defineProperty(window, 'api', { value: api, configurable: true });
  return { calls, form: () => form };
}

/** A dropped file as the page reads it (jsdom's Blob has no text()). */
function dropped(name: string, text: string, size = text.length): File {
  const file = {
    name,
    size,
    text: async () => text,
    slice: (from?: number, to?: number) => dropped(name, text.slice(from, to)),
  };
  return file as unknown as File;
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  Reflect.deleteProperty(window, 'api');
});

describe('useSessionStore', () => {
  it('puts the document’s form on screen and sends edits once they pause, never the form it applied', async () => {
    const { calls } = host();
    const session = useSessionStore();
    const experiment = useExperimentStore();
    await session.init();
    await vi.advanceTimersByTimeAsync(500);
    expect(experiment.expression).toBe(SAVED_FORM.expression);
    expect(experiment.optimizer).toBe('adam');
    expect(document.title).toBe('lab.dlab — Descent Lab');
    expect(calls.filter((call) => call.name === 'setForm')).toEqual([]);
    experiment.expression = 'x^2';
    await vi.advanceTimersByTimeAsync(100);
    experiment.expression = 'x^2 + y^2';
    await vi.advanceTimersByTimeAsync(300);
    const sent = calls.filter((call) => call.name === 'setForm');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args).toMatchObject({ expression: 'x^2 + y^2', optimizer: 'adam' });
  });

  it('sends the last keystrokes before it saves, and says it saved', async () => {
    const { calls } = host();
    const session = useSessionStore();
    const experiment = useExperimentStore();
    await session.init();
    await vi.advanceTimersByTimeAsync(10);
    experiment.steps = '900';
    // Ctrl+S the moment after a keystroke: the edit is still waiting for its pause.
    await nextTick();
    await session.save();
    expect(calls.map((call) => call.name)).toEqual(['setForm', 'saveSession']);
    expect(calls[0]?.args).toMatchObject({ steps: '900' });
    expect(useNoticeStore().current).toMatchObject({ kind: 'note', key: 'app.saved' });
  });

  it('asks before New throws unsaved changes away, and takes the new document’s form', async () => {
    const { calls } = host();
    const session = useSessionStore();
    const experiment = useExperimentStore();
    await session.init();
    session.state = state({ title: 'lab.dlab •', dirty: true });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await session.newSession();
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('lab.dlab'));
    expect(calls.some((call) => call.name === 'newSession')).toBe(false);
    expect(experiment.expression).toBe(SAVED_FORM.expression);
    confirm.mockReturnValue(true);
    await session.newSession();
    expect(calls.some((call) => call.name === 'newSession')).toBe(true);
    // The new document holds no form: the new-session one, not what was on screen.
    expect(experiment.expression).toBe('x^2 + y^2');
    expect(experiment.optimizer).toBe('sgd');
  });

  it('opens a dropped file that is not on disk by its text, but never a SQLite file’s bytes or a huge one', async () => {
    const { calls } = host();
    const session = useSessionStore();
    await session.init();
    const notices = useNoticeStore();
    await session.openDropped(dropped('lab.dlab', 'SQLite format 3\u0000 and then pages'));
    expect(calls.some((call) => call.name === 'openSessionText')).toBe(false);
    expect(notices.current).toMatchObject({ kind: 'error', message: { code: 'file.notOnDisk' } });
    await session.openDropped(dropped('huge.dlab', '{}', 1024 ** 3));
    expect(notices.current).toMatchObject({ kind: 'error', message: { code: 'file.tooLarge' } });
    expect(calls.some((call) => call.name === 'openSessionText')).toBe(false);
    await session.openDropped(dropped('old.dlab', '{"format":"descent-lab-session"}'));
    expect(calls.find((call) => call.name === 'openSessionText')?.args).toEqual({
      name: 'old.dlab',
      text: '{"format":"descent-lab-session"}',
    });
  });

  it('takes a bare file name typed in the page as one in the files folder, and says why a write failed', async () => {
    const { calls } = host();
    const session = useSessionStore();
    await session.init();
    session.filesFolder = '/home/me/Descent Lab';
    session.pathRequest = { kind: 'save' };
    await session.answerPath('copy.dlab');
    expect(calls.at(-1)).toEqual({ name: 'saveSession', args: { path: '/home/me/Descent Lab/copy.dlab' } });
    session.pathRequest = { kind: 'save' };
    await session.answerPath('/elsewhere/copy.dlab');
    expect(calls.at(-1)).toEqual({ name: 'saveSession', args: { path: '/elsewhere/copy.dlab' } });
    // Closing the page's dialog without a path does nothing.
    session.pathRequest = { kind: 'save' };
    await session.answerPath(undefined);
    expect(calls.filter((call) => call.name === 'saveSession')).toHaveLength(2);
    expect(session.pathRequest).toBeUndefined();
    await session.exportRun('r1', '/x.csv');
    expect(useNoticeStore().current).toMatchObject({ kind: 'error', message: { code: 'file.writeFailed' } });
  });
});
