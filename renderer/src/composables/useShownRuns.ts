import { storeToRefs } from 'pinia';
import { computed, type ComputedRef } from 'vue';
import { RUN_COLORS } from '@shared/session/run-colors';
import { useContourStore } from '../stores/useContourStore';
import { useRunsStore, type LivePath } from '../stores/useRunsStore';

/** The colour of a path that is not a stored run's yet (the form's). */
const PATH_COLOR = '#ff5a36';

export interface OverlayPath {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly path: LivePath;
}

/**
 * The runs the charts draw, as both charts draw them: each in its own colour, and only over the
 * function it descended (a path is never drawn over another function's contours).
 */
export function useShownRuns(): {
  colors: ComputedRef<Readonly<Record<string, string>>>;
  selectedColor: ComputedRef<string>;
  shownPath: ComputedRef<LivePath | undefined>;
  overlayPaths: ComputedRef<OverlayPath[]>;
  hiddenRuns: ComputedRef<string[]>;
  subjectName: ComputedRef<string>;
} {
  const runs = useRunsStore();
  const contour = useContourStore();
  const { history, selected, selectedId, selectedPath, overlays } = storeToRefs(runs);

  /** Each run's own colour, given when it started and kept (a delete or a reload does not shift it). */
  const colors = computed(() => {
    const byId: Record<string, string> = {};
    for (const run of history.value) byId[run.id] = run.color ?? RUN_COLORS[0];
    return byId;
  });
  const selectedColor = computed(() => (selectedId.value && colors.value[selectedId.value]) || PATH_COLOR);
  /** The selected run's path, when the chart shows its function. */
  const shownPath = computed(() => (selected.value && contour.shows(selected.value) ? selectedPath.value : undefined));
  const overlayPaths = computed(() =>
    overlays.value
      .filter((o) => contour.shows(o.run))
      .map((o) => ({ id: o.id, label: o.run.name, color: colors.value[o.id] ?? '#888888', path: o.path })),
  );
  /** Runs chosen to be seen that the chart cannot draw over the function it shows. */
  const hiddenRuns = computed(() =>
    [selected.value, ...overlays.value.map((o) => o.run)]
      .filter((run): run is NonNullable<typeof run> => run !== undefined && !contour.shows(run))
      .map((run) => run.name),
  );
  /** The name of the run whose function the chart shows, as the history shows it now. */
  const subjectName = computed(() => {
    const run = contour.subject?.run;
    return run ? (history.value.find((r) => r.id === run.id)?.name ?? run.name) : '';
  });
  return { colors, selectedColor, shownPath, overlayPaths, hiddenRuns, subjectName };
}
