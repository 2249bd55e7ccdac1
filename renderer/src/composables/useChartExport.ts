import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { parametersText } from '@shared/session/export';
import { formatTick } from '../lib/format';
import { useContourStore } from '../stores/useContourStore';
import { useExperimentStore } from '../stores/useExperimentStore';
import { useRunsStore } from '../stores/useRunsStore';
import { useSessionStore } from '../stores/useSessionStore';
import { APP_VERSION } from '../version';

/** A chart that can draw itself as a PNG (both charts expose this). */
export interface PngSource {
  toPng(options: { scale?: number; caption?: readonly string[] }): string | undefined;
}

/** How many times the on-screen size a saved chart image is drawn: one choice for both charts. */
const pngScale = ref(2);

/** Saving a chart as an image, captioned with what it shows: the run (or the form), f and the settings. */
export function useChartExport(): { pngScale: Ref<number>; savePng: (name: string, chart: PngSource | null) => void } {
  const { t } = useI18n();
  const runs = useRunsStore();
  const contour = useContourStore();
  const experiment = useExperimentStore();
  const session = useSessionStore();

  function caption(): string[] {
    const run = runs.selected && contour.shows(runs.selected) ? runs.selected : undefined;
    const subject = contour.subject;
    const names = contour.variables;
    const spec = run?.spec ?? (experiment.spec.ok ? experiment.spec.value : undefined);
    const lines = [`${run ? `${run.name}: ` : ''}f(${names.join(', ')}) = ${subject?.parsed.text ?? ''}`];
    if (spec) {
      const name = spec.optimizer.name;
      const listed = parametersText(spec.optimizer);
      const start = (subject?.point ?? []).map((v, i) => `${names[i] ?? ''} = ${formatTick(v)}`).join(', ');
      lines.push(`${t(`optimizers.${name}`)} (${listed}) · start ${start} · Descent Lab ${APP_VERSION}`);
    }
    return lines;
  }

  function savePng(name: string, chart: PngSource | null): void {
    const url = chart?.toPng({ scale: pngScale.value, caption: caption() });
    if (url) void session.exportImage(name, url);
  }

  return { pngScale, savePng };
}
