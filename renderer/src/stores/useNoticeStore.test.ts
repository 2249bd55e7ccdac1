import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { message } from '@shared/messages';
import { NOTE_MS, useNoticeStore } from './useNoticeStore';

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the notice store', () => {
  it('a note goes by itself; a later note restarts the wait, so each is seen for the full time', () => {
    const notices = useNoticeStore();
    notices.note({ key: 'app.saved', params: { name: 'a.dlab' } });
    vi.advanceTimersByTime(NOTE_MS - 1000);
    notices.note({ key: 'app.exported', params: { path: '/tmp/run.csv' } });
    vi.advanceTimersByTime(NOTE_MS - 1);
    expect(notices.current).toMatchObject({ kind: 'note', key: 'app.exported' });
    vi.advanceTimersByTime(1);
    expect(notices.current).toBeUndefined();
  });

  it('an error stays until it is dismissed or replaced; a stale error is cleared but a note is not', () => {
    const notices = useNoticeStore();
    const failed = message('file.nothingToRevert');
    notices.note({ key: 'app.saved', params: { name: 'a.dlab' } });
    notices.fail(failed);
    vi.advanceTimersByTime(NOTE_MS * 3);
    expect(notices.current).toEqual({ kind: 'error', message: failed });
    notices.clearError();
    expect(notices.current).toBeUndefined();
    notices.note({ key: 'app.deleted', params: { name: 'Run 1' }, undo: true });
    notices.clearError();
    expect(notices.current).toMatchObject({ kind: 'note', key: 'app.deleted' });
    notices.dismiss();
    expect(notices.current).toBeUndefined();
  });
});
