import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { PathBatch } from '@shared/engine/thinning';
import type { RunListing, StoredPath } from '@shared/session/run-record';
import type { JobSpecInput } from '@shared/spec';
import { useHostApi } from '../api/client';

/** A path as the chart reads it: coordinates row by row, grown in place as batches arrive. */
export class LivePath {
  points: Float64Array;
  values: Float64Array;
  steps: Float64Array;
  norms: Float64Array;
  count = 0;
  /** The step of the newest row (rows of a long run are thinned, so this is not count − 1). */
  lastStep = 0;
  constructor(readonly dimension: number) {
    this.points = new Float64Array(1024 * dimension);
    this.values = new Float64Array(1024);
    this.steps = new Float64Array(1024);
    this.norms = new Float64Array(1024);
  }

  append(batch: PathBatch): void {
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
      this.norms = grow(this.norms);
    }
    this.points.set(batch.points, this.count * this.dimension);
    this.values.set(batch.values, this.count);
    this.steps.set(batch.steps, this.count);
    this.norms.set(batch.gradientNorms, this.count);
    this.count = needed;
    if (batch.count > 0) this.lastStep = batch.steps[batch.count - 1] ?? this.lastStep;
  }

  static fromStored(path: StoredPath): LivePath {
    const live = new LivePath(path.dimension);
    live.append({
      steps: Float64Array.from(path.steps),
      count: path.values.length,
      dimension: path.dimension,
      points: Float64Array.from(path.points),
      values: Float64Array.from(path.values),
      gradientNorms: Float64Array.from(path.gradientNorms),
    });
    return live;
  }
}

/**
 * Runs: starting and cancelling jobs, their live paths, and the session's history. The only place
 * (with the experiment store) that talks to the host.
 */
export const useRunsStore = defineStore('runs', () => {
  const api = useHostApi();
  const history = ref<RunListing[]>([]);
  const selectedId = ref<string | undefined>();
  const paths = shallowRef(new Map<string, LivePath>());
  /** Bumped when a path grows; the chart redraws on its next animation frame. */
  const pathVersion = ref(0);
  const error = ref<string | undefined>();
  const ready = ref(false);

  const selected = computed(() => history.value.find((run) => run.id === selectedId.value));
  const selectedPath = computed(() => {
    void pathVersion.value;
    return selectedId.value ? paths.value.get(selectedId.value) : undefined;
  });
  const running = computed(() => history.value.filter((run) => run.status === 'running'));

  function upsert(run: RunListing): void {
    const index = history.value.findIndex((r) => r.id === run.id);
    if (index >= 0) history.value[index] = run;
    else history.value.unshift(run);
  }

  async function init(): Promise<void> {
    api.onRunProgress(({ runId, batch }) => {
      let path = paths.value.get(runId);
      if (!path) {
        path = markRaw(new LivePath(batch.dimension));
        paths.value.set(runId, path);
      }
      path.append(batch);
      pathVersion.value++;
    });
    api.onRunEnded(({ run }) => upsert(run));
    const listed = await api.listRuns({});
    if (listed.ok) history.value = listed.value;
    else error.value = listed.error;
    ready.value = true;
  }

  async function start(spec: JobSpecInput): Promise<boolean> {
    error.value = undefined;
    const result = await api.startRun(spec);
    if (!result.ok) {
      error.value = result.error;
      return false;
    }
    const { runId } = result.value;
    if (!history.value.some((run) => run.id === runId)) {
      upsert({
        id: runId,
        name: 'Run',
        createdAt: new Date().toISOString(),
        spec: spec as RunListing['spec'],
        status: 'running',
      });
    }
    selectedId.value = runId;
    // The authoritative record (its name, its defaults filled in) comes from main.
    const listed = await api.listRuns({});
    if (listed.ok) history.value = listed.value;
    return true;
  }

  /** Reloads the history (another session was opened) and shows its newest run. */
  async function reload(): Promise<void> {
    paths.value = new Map();
    selectedId.value = undefined;
    const listed = await api.listRuns({});
    if (!listed.ok) {
      error.value = listed.error;
      return;
    }
    history.value = listed.value;
    const newest = listed.value[0];
    if (newest) await select(newest.id);
  }

  async function cancel(runId: string): Promise<void> {
    const result = await api.cancelRun({ runId });
    if (!result.ok) error.value = result.error;
  }

  async function select(runId: string): Promise<void> {
    selectedId.value = runId;
    if (paths.value.has(runId)) return;
    const result = await api.getRun({ runId });
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    if (result.value.path) {
      paths.value.set(runId, markRaw(LivePath.fromStored(result.value.path)));
      pathVersion.value++;
    }
  }

  return {
    history,
    selectedId,
    selected,
    selectedPath,
    running,
    pathVersion,
    error,
    ready,
    init,
    start,
    cancel,
    select,
    reload,
  };
});
