import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, triggerRef, watch } from 'vue';
import { variableNames } from '@shared/engine/expression';
import type { PathRows } from '@shared/engine/path-rows';
import type { RunListing, RunRecord } from '@shared/session/run-record';
import type { JobSpecInput } from '@shared/spec';
import { useHostApi } from '../api/client';
import { currentLocale } from '../i18n';
import { runNameIn } from '@shared/session/run-names';
import { useNoticeStore } from './useNoticeStore';
import type { Message } from '@shared/messages';

/** A path as the chart reads it, grown in place as batches arrive (its columns have room to spare). */
export class LivePath implements PathRows {
  points: Float64Array;
  values: Float64Array;
  steps: Float64Array;
  gradientNorms: Float64Array;
  count = 0;
  /** The step of the newest row (rows of a long run are thinned, so this is not count − 1). */
  lastStep = 0;
  constructor(readonly dimension: number) {
    this.points = new Float64Array(1024 * dimension);
    this.values = new Float64Array(1024);
    this.steps = new Float64Array(1024);
    this.gradientNorms = new Float64Array(1024);
  }

  append(batch: PathRows): void {
    const needed = this.count + batch.count;
    if (needed > this.values.length) {
      const capacity = Math.max(needed, this.values.length * 2);
      const points = new Float64Array(capacity * this.dimension);
      points.set(this.points.subarray(0, this.count * this.dimension));
      const grow = (old: Float64Array): Float64Array => {
        const next = new Float64Array(capacity);
        next.set(old.subarray(0, this.count));
        return next;
      };
      this.points = points;
      this.values = grow(this.values);
      this.steps = grow(this.steps);
      this.gradientNorms = grow(this.gradientNorms);
    }
    this.points.set(batch.points.subarray(0, batch.count * this.dimension), this.count * this.dimension);
    this.values.set(batch.values.subarray(0, batch.count), this.count);
    this.steps.set(batch.steps.subarray(0, batch.count), this.count);
    this.gradientNorms.set(batch.gradientNorms.subarray(0, batch.count), this.count);
    this.count = needed;
    if (batch.count > 0) this.lastStep = batch.steps[batch.count - 1] ?? this.lastStep;
  }

  static fromStored(path: PathRows): LivePath {
    const live = new LivePath(path.dimension);
    live.append(path);
    return live;
  }
}

/**
 * Runs: starting and cancelling jobs, their live paths, and the session's history. The only place
 * (with the experiment store) that talks to the host.
 */
/** How many deletes Undo can take back. */
const UNDO_DEPTH = 20;

export const useRunsStore = defineStore('runs', () => {
  const api = useHostApi();
  const notices = useNoticeStore();
  const history = ref<RunListing[]>([]);
  const selectedId = ref<string | undefined>();
  const paths = shallowRef(new Map<string, LivePath>());
  /** Bumped when a path grows; the chart redraws on its next animation frame. */
  const pathVersion = ref(0);
  /**
   * Bumped at most eight times a second while paths grow, and at once when a run ends: for the
   * numbers and controls that show a run's progress. Nobody reads a counter changing 60 times a
   * second, and each change costs the window a layout and a paint while the charts need the frame.
   */
  const progressVersion = ref(0);
  let progressTimer: ReturnType<typeof setTimeout> | undefined;
  function progressed(now = false): void {
    if (now) {
      if (progressTimer) clearTimeout(progressTimer);
      progressTimer = undefined;
      progressVersion.value++;
      return;
    }
    progressTimer ??= setTimeout(() => progressed(true), 125);
  }
  const error = ref<Message | undefined>();
  /** Runs drawn on the chart besides the selected one. */
  const overlayIds = ref<string[]>([]);
  /** Deleted runs, newest last: Undo brings them back one at a time (at most UNDO_DEPTH kept). */
  const deleted = ref<RunRecord[]>([]);

  const selected = computed(() => history.value.find((run) => run.id === selectedId.value));
  /** The selected run's variable names (its function parsed once, for every panel that shows it). */
  const selectedVariables = computed(() => (selected.value ? variableNames(selected.value.spec) : []));
  /** The selected run's path object; it grows in place (watch pathVersion for that). */
  const selectedPath = computed(() => (selectedId.value ? paths.value.get(selectedId.value) : undefined));

  /**
   * A listing as the window shows it: a default name ("Run 3 · adam") in the language shown now,
   * whatever language it was given in; a name the user typed as it is.
   */
  function shown(run: RunListing): RunListing {
    const name = runNameIn(currentLocale(), run.name);
    return name === run.name ? run : { ...run, name };
  }
  watch(currentLocale, () => (history.value = history.value.map(shown)));

  function upsert(listed: RunListing): void {
    const run = shown(listed);
    const index = history.value.findIndex((r) => r.id === run.id);
    if (index >= 0) history.value[index] = run;
    else history.value.unshift(run);
  }

  /** Batches received since the last frame: applied together, once per frame. */
  const arrived: { runId: string; batch: PathRows }[] = [];
  let frame = 0;

  function applyArrived(): void {
    frame = 0;
    for (const { runId, batch } of arrived.splice(0)) {
      let path = paths.value.get(runId);
      if (!path) {
        path = markRaw(new LivePath(batch.dimension));
        paths.value.set(runId, path);
        triggerRef(paths);
      }
      path.append(batch);
    }
    // Only what draws the path re-renders as it grows, not everything that shows a run.
    pathVersion.value++;
    progressed();
  }

  async function init(): Promise<void> {
    // Batches come at the worker's pace (and a web bridge may deliver several at once): the
    // window takes them at its own, so a frame never does the work of two.
    api.onRunProgress((progress) => {
      arrived.push(progress);
      frame ||= requestAnimationFrame(applyArrived);
    });
    api.onRunEnded(({ run }) => {
      upsert(run);
      progressed(true);
    });
    // Main is gone: nothing that was running will end now. Said at once, not at the next click.
    api.onHostLost(() => {
      hostLost.value = true;
      starting.value = 0;
      for (const run of history.value) if (run.status === 'running') upsert({ ...run, status: 'interrupted' });
      progressed(true);
    });
    await showHistory();
  }

  /** Reads the session's runs and shows the newest, as the session was left. */
  async function showHistory(): Promise<void> {
    const listed = await api.listRuns({});
    if (!listed.ok) {
      error.value = listed.error;
      return;
    }
    history.value = listed.value.map(shown);
    const newest = listed.value[0];
    if (newest && !selectedId.value) await select(newest.id);
  }

  /** The window lost main (the web preview stopped): runs cannot go on, nothing can be saved. */
  const hostLost = ref(false);

  /** Runs asked for whose id has not come back yet: Cancel then applies to them as they arrive. */
  const starting = ref(0);
  let cancelStarting = false;

  async function start(spec: JobSpecInput): Promise<boolean> {
    error.value = undefined;
    starting.value++;
    const result = await api.startRun(spec).finally(() => starting.value--);
    if (!result.ok) {
      error.value = result.error;
      return false;
    }
    const run = result.value;
    if (cancelStarting) {
      if (starting.value === 0) cancelStarting = false;
      void cancel(run.id);
    }
    // A fast run's runEnded event may be here before this answer: a run's status only moves on
    // from running, so the answer's "running" never replaces the finished run.
    if (!history.value.some((known) => known.id === run.id)) upsert(run);
    selectedId.value = run.id;
    return true;
  }

  /** Starts several runs side by side (Compare optimizers): all drawn together, the first selected. */
  async function startMany(specs: readonly JobSpecInput[]): Promise<boolean> {
    const ids: string[] = [];
    for (const spec of specs) {
      if (!(await start(spec))) return false;
      if (selectedId.value) ids.push(selectedId.value);
    }
    overlayIds.value = ids;
    if (ids[0]) selectedId.value = ids[0];
    return true;
  }

  const overlays = computed(() => {
    return overlayIds.value
      .filter((id) => id !== selectedId.value)
      .map((id) => ({ id, run: history.value.find((r) => r.id === id), path: paths.value.get(id) }))
      .filter((o): o is { id: string; run: RunListing; path: LivePath } => o.run !== undefined && o.path !== undefined);
  });

  async function ensurePath(runId: string): Promise<void> {
    if (paths.value.has(runId)) return;
    const result = await api.getRun({ runId });
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    if (result.value.path) {
      paths.value.set(runId, markRaw(LivePath.fromStored(result.value.path)));
      triggerRef(paths);
      pathVersion.value++;
      progressed(true);
    }
  }

  async function toggleOverlay(runId: string): Promise<void> {
    if (overlayIds.value.includes(runId)) {
      overlayIds.value = overlayIds.value.filter((id) => id !== runId);
      return;
    }
    overlayIds.value = [...overlayIds.value, runId];
    await ensurePath(runId);
  }

  async function rename(runId: string, name: string): Promise<void> {
    const result = await api.updateRun({ runId, name });
    if (result.ok) upsert(result.value);
    else error.value = result.error;
  }

  async function setNotes(runId: string, notes: string): Promise<void> {
    const result = await api.updateRun({ runId, notes });
    if (result.ok) upsert(result.value);
    else error.value = result.error;
  }

  async function remove(runId: string): Promise<void> {
    const result = await api.deleteRun({ runId });
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    deleted.value = [...deleted.value, result.value].slice(-UNDO_DEPTH);
    notices.note({ key: 'app.deleted', params: { name: shown(result.value).name }, undo: true });
    history.value = history.value.filter((run) => run.id !== runId);
    overlayIds.value = overlayIds.value.filter((id) => id !== runId);
    if (selectedId.value === runId) selectedId.value = history.value[0]?.id;
  }

  async function undoDelete(): Promise<void> {
    const record = deleted.value.at(-1);
    if (!record) return;
    deleted.value = deleted.value.slice(0, -1);
    if (notices.current?.kind === 'note' && notices.current.key === 'app.deleted') notices.dismiss();
    const result = await api.restoreRun(record);
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    const listed = await api.listRuns({});
    if (listed.ok) history.value = listed.value.map(shown);
    await select(record.id);
  }

  /** Reloads the history (another session was opened) and shows its newest run. */
  async function reload(): Promise<void> {
    paths.value = new Map();
    selectedId.value = undefined;
    overlayIds.value = [];
    deleted.value = [];
    await showHistory();
  }

  async function cancel(runId: string): Promise<void> {
    const result = await api.cancelRun({ runId });
    if (!result.ok) error.value = result.error;
  }

  /** Cancel as the user means it: the selected run, and any run asked for a moment ago. */
  function cancelCurrent(): void {
    if (starting.value > 0) cancelStarting = true;
    const current = history.value.find((run) => run.id === selectedId.value);
    if (current?.status === 'running') void cancel(current.id);
  }

  async function select(runId: string): Promise<void> {
    selectedId.value = runId;
    await ensurePath(runId);
  }

  return {
    history,
    selectedId,
    selected,
    selectedVariables,
    selectedPath,
    pathVersion,
    progressVersion,
    error,
    init,
    start,
    startMany,
    cancel,
    cancelCurrent,
    starting,
    hostLost,
    select,
    reload,
    overlayIds,
    overlays,
    deleted,
    toggleOverlay,
    rename,
    setNotes,
    remove,
    undoDelete,
  };
});
