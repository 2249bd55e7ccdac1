import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Message } from '@shared/messages';

/** A passing note, kept as a catalogue key so it is worded in the language shown now. */
export type Note =
  | { key: 'app.saved'; params: { name: string } }
  | { key: 'app.exported'; params: { path: string } }
  | { key: 'app.deleted'; params: { name: string }; undo: true };

/** What the window has to tell about the user's last action: one thing at a time. */
export type Notice = { kind: 'error'; message: Message } | ({ kind: 'note' } & Note);

/** How long a passing note stays (long enough to read a path). */
export const NOTE_MS = 10_000;

/**
 * The one banner for outcomes of the user's actions (a failed Open, "Saved …", "Deleted … Undo").
 * The newest replaces the one before, so banners never pile up: a note goes by itself after a
 * while; an error stays until it is dismissed or the next outcome takes its place. Conditions
 * that hold until they end (the backend lost, a failing autosave, a restore offer) are not
 * notices: they show as long as they hold.
 */
export const useNoticeStore = defineStore('notice', () => {
  const current = ref<Notice | undefined>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function replace(next: Notice | undefined): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    current.value = next;
  }

  function fail(message: Message): void {
    replace({ kind: 'error', message });
  }

  function note(note: Note): void {
    replace({ kind: 'note', ...note });
    timer = setTimeout(() => replace(undefined), NOTE_MS);
  }

  function dismiss(): void {
    replace(undefined);
  }

  /** An error that a later success made stale (Save worked this time): gone, notes stay. */
  function clearError(): void {
    if (current.value?.kind === 'error') replace(undefined);
  }

  return { current, fail, note, dismiss, clearError };
});
