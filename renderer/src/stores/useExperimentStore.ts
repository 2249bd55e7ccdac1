import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { parseExpression } from '@shared/engine/expression';
import type { FormState } from '@shared/session/schema';
import { OPTIMIZER_NAMES, validate, JobSpecSchema, type JobSpecInput, type OptimizerSpec } from '@shared/spec';

export type GradientChoice = 'exact' | 'central' | 'forward';

/** PyTorch's default learning rate per optimizer, filled in when the user picks one. */
export const DEFAULT_LEARNING_RATES: Readonly<Record<OptimizerSpec['name'], number>> = {
  sgd: 0.001,
  adagrad: 0.01,
  rmsprop: 0.01,
  adam: 0.001,
  adamw: 0.001,
  nadam: 0.002,
  adadelta: 1,
  linesearch: 1,
  newton: 1,
};

/**
 * The experiment form: the function, its start point, optimizer and stop rule, as the user typed
 * them (text, so nothing is lost while typing), and the job spec they make.
 */
export const useExperimentStore = defineStore('experiment', () => {
  const expression = ref('x^2 + y^2');
  const optimizer = ref<OptimizerSpec['name']>('sgd');
  const learningRate = ref('0.1');
  const steps = ref('100');
  const gradient = ref<GradientChoice>('central');
  const h = ref('1e-4');
  const start = ref<Record<string, string>>({ x: '-3', y: '4' });

  const parsed = computed(() => parseExpression(expression.value));
  /** Variables of the last function that parsed, so the start fields do not flicker while typing. */
  const variables = ref<readonly string[]>(['x', 'y']);
  watch(
    parsed,
    (result) => {
      if (!result.ok) return;
      variables.value = result.value.variables;
      const next: Record<string, string> = {};
      for (const name of result.value.variables) next[name] = start.value[name] ?? '0';
      start.value = next;
    },
    { immediate: true },
  );

  const expressionError = computed(() => (parsed.value.ok ? undefined : parsed.value.error));

  function setOptimizer(name: OptimizerSpec['name']): void {
    optimizer.value = name;
    learningRate.value = String(DEFAULT_LEARNING_RATES[name]);
  }

  /** The spec the form describes, or the first thing wrong with it in words. */
  const spec = computed((): { ok: true; value: JobSpecInput } | { ok: false; error: string } => {
    if (!parsed.value.ok) return { ok: false, error: parsed.value.error.message };
    const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
    const input = {
      expression: expression.value,
      start: variables.value.map((name) => number(start.value[name] ?? '')),
      optimizer: { name: optimizer.value, lr: number(learningRate.value) },
      gradient: { method: gradient.value, h: number(h.value) },
      schedule: { type: 'constant' },
      stop: { maxSteps: number(steps.value), tolGrad: 0, tolF: 0 },
    };
    const checked = validate(JobSpecSchema, input);
    return checked.ok ? { ok: true, value: input as JobSpecInput } : { ok: false, error: checked.error };
  });

  /** The form as the session document keeps it. */
  const formState = computed((): FormState => ({
    expression: expression.value,
    optimizer: optimizer.value,
    learningRate: learningRate.value,
    steps: steps.value,
    gradient: gradient.value,
    h: h.value,
    start: { ...start.value },
  }));

  /** Puts a saved form back (an opened or restored session). */
  function applyForm(form: FormState): void {
    expression.value = form.expression;
    optimizer.value = (OPTIMIZER_NAMES as readonly string[]).includes(form.optimizer)
      ? (form.optimizer as OptimizerSpec['name'])
      : 'sgd';
    learningRate.value = form.learningRate;
    steps.value = form.steps;
    gradient.value = form.gradient;
    h.value = form.h;
    start.value = { ...start.value, ...form.start };
  }

  return {
    expression,
    optimizer,
    learningRate,
    steps,
    gradient,
    h,
    start,
    parsed,
    variables,
    expressionError,
    spec,
    formState,
    setOptimizer,
    applyForm,
  };
});
