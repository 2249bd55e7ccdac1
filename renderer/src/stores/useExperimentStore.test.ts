import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatMessage } from '@shared/messages';
import { JobSpecSchema } from '@shared/spec';
import { useExperimentStore } from './useExperimentStore';

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** Lets the typed function settle (it is parsed 150 ms after typing stops). */
const settle = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(200);
};

describe('the experiment form', () => {
  it('starts as the article’s experiment, and its spec is the article’s', () => {
    const form = useExperimentStore();
    expect(form.spec.ok).toBe(true);
    if (!form.spec.ok) return;
    const spec = JobSpecSchema.parse(form.spec.value);
    expect(spec).toMatchObject({
      expression: 'x^2 + y^2',
      start: [-3, 4],
      optimizer: { name: 'sgd', lr: 0.1 },
      gradient: { method: 'central', h: 1e-4 },
      stop: { maxSteps: 100 },
    });
  });

  it('keeps the learning rate once in the saved form, and puts it back', () => {
    const form = useExperimentStore();
    form.learningRate = '0.25';
    const saved = form.formState;
    expect(saved.learningRate).toBe('0.25');
    expect(saved.parameters).not.toHaveProperty('lr');
    form.resetForm();
    expect(form.learningRate).toBe('0.1');
    form.applyForm(saved);
    expect(form.learningRate).toBe('0.25');
    expect(form.parameters.lr).toBe('0.25');
  });

  it('marks every bad field at once, each in the user’s words', async () => {
    const form = useExperimentStore();
    form.start = { x: 'abc', y: '' };
    form.steps = '-1';
    await settle();
    const said = form.problems.map((problem) => formatMessage(problem));
    expect(said).toEqual(
      expect.arrayContaining([
        'start x must be a number, got "abc"',
        'start y is required',
        'steps must be ≥ 1, got -1',
      ]),
    );
    expect(form.spec.ok).toBe(false);
  });

  it('keeps a start value while a variable comes and goes as the user types', async () => {
    const form = useExperimentStore();
    form.expression = 'x^2';
    await settle();
    expect(form.variables).toEqual(['x']);
    form.expression = 'x^2 + y^2';
    await settle();
    expect(form.start).toMatchObject({ x: '-3', y: '4' });
  });

  it('puts a run’s spec back into the form (Use settings), schedule and all', () => {
    const form = useExperimentStore();
    form.applySpec(
      JobSpecSchema.parse({
        expression: '(1 - x)^2 + 100 (y - x^2)^2',
        start: [-1.5, 2],
        optimizer: { name: 'adam', lr: 0.01, betas: [0.8, 0.99] },
        schedule: { type: 'cosine', T_max: 500, eta_min: 0.001 },
        stop: { maxSteps: 500 },
      }),
    );
    expect(form.optimizer).toBe('adam');
    expect(form.learningRate).toBe('0.01');
    expect(form.parameters.betas).toBe('0.8, 0.99');
    expect(form.schedule).toMatchObject({ type: 'cosine', T_max: '500', eta_min: '0.001' });
    expect(form.start).toMatchObject({ x: '-1.5', y: '2' });
    expect(form.steps).toBe('500');
  });
});
