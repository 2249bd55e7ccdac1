import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { inspectStep, type StepInspection } from '@shared/engine/inspect';
import { prepareJob } from '@shared/engine/prepare';
import { Run } from '@shared/engine/runner';
import type { DescentApi } from '@shared/ipc/contract';
import { PathRecorder } from '@shared/session/path-recorder';
import type { RunRecord } from '@shared/session/run-record';
import { JobSpecSchema, type JobSpec } from '@shared/spec';
import { i18n } from '../i18n';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useRunsStore } from '../stores/useRunsStore';
import PlaybackBar from './PlaybackBar.vue';
import StepInspector from './StepInspector.vue';

function provideHost(fake: Partial<DescentApi>): void {
  Object.defineProperty(window, 'api', { value: fake, configurable: true });
}

/** The real engine's answer for a step, as main's worker gives it. */
function inspectStepNow(spec: JobSpec, step: number): StepInspection {
  const steps = inspectStep(prepareJob(spec), step);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

const ARTICLE: JobSpec = JobSpecSchema.parse({
  expression: 'x^2 + y^2',
  start: [-3, 4],
  optimizer: { name: 'sgd', lr: 0.1 },
});

/** The selected run: the article's, really run by the engine, as the history holds it. */
async function seedRun(): Promise<{ requests: number[] }> {
  const requests: number[] = [];
  const recorder = new PathRecorder(2);
  new Run(prepareJob(ARTICLE)).runToEnd((batch) => recorder.add(batch));
  const record: RunRecord = {
    id: 'r1',
    name: 'Run 1 · sgd',
    createdAt: new Date(0).toISOString(),
    spec: ARTICLE,
    status: 'max-steps',
    path: recorder.result(),
  };
  // The host answers with the real engine's results, as main and its worker would; it is given as
  // the preload gives it, a read-only window.api.
  provideHost({
    getRun: async () => ({ ok: true, value: record }),
    inspectStep: async ({ runId, step }: { runId: string; step: number }) => {
      requests.push(step);
      if (runId !== record.id) return { ok: false, error: { code: 'run.unknown', params: { id: runId } } };
      return { ok: true, value: inspectStepNow(record.spec, step) };
    },
  });
  const runs = useRunsStore();
  const { path: _path, ...listing } = record;
  runs.history = [listing];
  await runs.select('r1');
  return { requests };
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  Reflect.deleteProperty(window, 'api');
});

describe('playback and the step inspector', () => {
  it('steps through a finished run and inspects the step under the playhead', async () => {
    const { requests } = await seedRun();
    const playback = usePlaybackStore();
    const bar = mount(PlaybackBar, { global: { plugins: [i18n] } });
    expect(playback.available).toBe(true);
    expect(playback.step).toBe(100);
    await bar.find('button[aria-label="Step back"]').trigger('click');
    expect(playback.step).toBe(99);
    await bar.find('input[type="range"]').setValue('3');
    expect(bar.find('[data-testid="playback-step"]').text()).toBe('step 3');
    await vi.advanceTimersByTimeAsync(200);
    expect(requests.at(-1)).toBe(3);
    const s = playback.inspection;
    expect(s?.step).toBe(3);

    const inspector = mount(StepInspector, {
      props: { inspection: s, spec: ARTICLE, variables: ['x', 'y'], busy: false, error: undefined },
      global: { plugins: [i18n] },
    });
    // The article's check, −η‖∇f‖², for plain gradient descent.
    expect(inspector.text()).toContain('Predicted Δf ≈ −η‖∇f‖²');
    const predicted = Number(inspector.find('[data-testid="inspector-predicted"]').text());
    expect(predicted).toBeCloseTo(-0.1 * (s?.gradientNorm ?? 0) ** 2, 6);
    expect(inspector.find('[data-testid="inspector-x"]').text()).toContain('-1.536');
    expect(inspector.text()).toContain('f went down');
    bar.unmount();
    inspector.unmount();
  });

  it('plays forward to the end and stops there', async () => {
    await seedRun();
    const playback = usePlaybackStore();
    playback.speed = 300;
    playback.seek(0);
    playback.play();
    expect(playback.playing).toBe(true);
    for (let i = 0; i < 40 && playback.playing; i++) await vi.advanceTimersByTimeAsync(50);
    expect(playback.playing).toBe(false);
    expect(playback.current).toBe(100);
  });

  it('shows the optimizer’s state and says when no step followed', async () => {
    const spec = JobSpecSchema.parse({ ...ARTICLE, optimizer: { name: 'adam', lr: 0.1 }, stop: { maxSteps: 5 } });
    const inspector = mount(StepInspector, {
      props: { inspection: inspectStepNow(spec, 5), spec, variables: ['x', 'y'], busy: false, error: undefined },
      global: { plugins: [i18n] },
    });
    await nextTick();
    expect(inspector.text()).not.toContain('Predicted');
    expect(inspector.find('[data-testid="state-exp_avg"]').text().split(',')).toHaveLength(2);
    expect(inspector.text()).toContain('The run ended here');
    inspector.unmount();
  });
});
