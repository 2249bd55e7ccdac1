import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { StepInspection } from '@shared/engine/inspect';
import { useHostApi } from '../api/client';
import { useRunsStore } from './useRunsStore';
import type { Message } from '@shared/messages';

/** Playback speeds, in path rows per second. */
export const SPEEDS = [2, 5, 10, 30, 100, 300] as const;

/**
 * Playback of the selected, finished run: a playhead over its path rows (a long run's stored
 * path is thinned, so a row's step is read from the path), and the step inspector's data for
 * the row under the playhead, replayed exactly in a worker.
 */
export const usePlaybackStore = defineStore('playback', () => {
  const api = useHostApi();
  const runs = useRunsStore();
  /** The row shown; undefined shows the whole path (a live run always does). */
  const index = ref<number | undefined>();
  const playing = ref(false);
  const speed = ref<(typeof SPEEDS)[number]>(10);
  const inspection = shallowRef<StepInspection | undefined>();
  const inspecting = ref(false);
  const error = ref<Message | undefined>();
  let frame = 0;
  let lastTime = 0;
  let carry = 0;
  let request = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const rows = computed(() => {
    void runs.progressVersion;
    return runs.selectedPath?.count ?? 0;
  });
  const available = computed(() => runs.selected !== undefined && runs.selected.status !== 'running' && rows.value > 1);
  const lastIndex = computed(() => Math.max(0, rows.value - 1));
  /** The row under the playhead (the last row when the whole path is shown). */
  const current = computed(() => Math.min(index.value ?? lastIndex.value, lastIndex.value));
  const lastStep = computed(() => {
    void runs.progressVersion;
    return runs.selectedPath?.lastStep ?? 0;
  });
  const step = computed(() => {
    void runs.progressVersion;
    const path = runs.selectedPath;
    return path && path.count > 0 ? (path.steps[current.value] ?? 0) : 0;
  });

  function stop(): void {
    playing.value = false;
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
  }

  function tick(time: number): void {
    if (!playing.value) return;
    carry += ((time - lastTime) / 1000) * speed.value;
    lastTime = time;
    const advance = Math.floor(carry);
    carry -= advance;
    const next = current.value + advance;
    if (next >= lastIndex.value) {
      index.value = lastIndex.value;
      stop();
      return;
    }
    index.value = next;
    frame = requestAnimationFrame(tick);
  }

  function play(): void {
    if (!available.value) return;
    if (current.value >= lastIndex.value) index.value = 0;
    playing.value = true;
    lastTime = performance.now();
    carry = 0;
    frame = requestAnimationFrame(tick);
  }

  function toggle(): void {
    if (playing.value) stop();
    else play();
  }

  function seek(row: number): void {
    if (!available.value) return;
    index.value = Math.max(0, Math.min(lastIndex.value, Math.round(row)));
  }

  function stepBy(delta: number): void {
    stop();
    seek(current.value + delta);
  }

  /** Back to the whole path. */
  function reset(): void {
    stop();
    index.value = undefined;
    inspection.value = undefined;
    error.value = undefined;
  }

  async function inspect(): Promise<void> {
    const run = runs.selected;
    if (!run || !available.value) return;
    const id = ++request;
    inspecting.value = true;
    const result = await api.inspectStep({ runId: run.id, step: step.value });
    if (id !== request) return;
    inspecting.value = false;
    if (result.ok) {
      inspection.value = result.value;
      error.value = undefined;
    } else {
      error.value = result.error;
    }
  }

  watch(() => runs.selectedId, reset);
  // The inspector follows the playhead when it rests; while playing it would only replay
  // steps nobody can read.
  watch([step, playing, available], () => {
    if (timer) clearTimeout(timer);
    if (playing.value || !available.value) return;
    timer = setTimeout(() => void inspect(), 120);
  });

  return {
    index,
    playing,
    speed,
    available,
    rows,
    current,
    step,
    lastStep,
    inspection,
    inspecting,
    error,
    play,
    stop,
    toggle,
    seek,
    stepBy,
    reset,
  };
});
