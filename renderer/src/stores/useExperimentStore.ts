import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { interpret } from '@shared/engine/compile';
import { parseExpression, variableNames } from '@shared/engine/expression';
import { message, type Message, type Result } from '@shared/messages';
import { optimizerParameters, type ParameterValue } from '@shared/engine/optimizer-params';
import { PRESETS, findPreset, type Preset } from '@shared/engine/presets';
import type { FormState } from '@shared/session/schema';
import {
  OPTIMIZER_NAMES,
  describeIssues,
  issueMessages,
  validate,
  JobSpecSchema,
  type JobSpec,
  type GradientMethod,
  type JobSpecInput,
  type OptimizerSpec,
  type ScheduleType,
} from '@shared/spec';

/** A parameter as typed: text for numbers ("0.9, 0.999" for a pair), a flag for booleans. */
type ParameterText = string | boolean;

function toText(value: ParameterValue): ParameterText {
  if (typeof value === 'boolean') return value;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function defaultParameters(name: OptimizerSpec['name']): Record<string, ParameterText> {
  return Object.fromEntries(optimizerParameters(name).map((p) => [p.key, toText(p.defaultValue)]));
}

const number = (text: string | undefined): number =>
  text === undefined || text.trim() === '' ? Number.NaN : Number(text);

const DEFAULT_SCHEDULE = {
  type: 'constant' as ScheduleType,
  step_size: '100',
  gamma: '0.5',
  T_max: '100',
  eta_min: '0',
};

/**
 * The experiment form: the function, its start point, optimizer and its hyper-parameters, the
 * gradient, schedule and stop rules — as the user typed them (text, so nothing is lost while
 * typing) — and the job spec they make.
 */
/** The form of a new session: the article's experiment. */
const DEFAULT_FORM = {
  expression: 'x^2 + y^2',
  optimizer: 'sgd',
  learningRate: '0.1',
  steps: '100',
  gradient: 'central',
  h: '1e-4',
  start: { x: '-3', y: '4' },
  preset: 'sphere',
} as const satisfies FormState;

export const useExperimentStore = defineStore('experiment', () => {
  const expression = ref<string>(DEFAULT_FORM.expression);
  const optimizer = ref<OptimizerSpec['name']>(DEFAULT_FORM.optimizer);
  const parameters = ref<Record<string, ParameterText>>({
    ...defaultParameters(DEFAULT_FORM.optimizer),
    lr: DEFAULT_FORM.learningRate,
  });
  const steps = ref<string>(DEFAULT_FORM.steps);
  const gradient = ref<GradientMethod>(DEFAULT_FORM.gradient);
  const h = ref<string>(DEFAULT_FORM.h);
  const start = ref<Record<string, string>>({ ...DEFAULT_FORM.start });
  const schedule = ref({ ...DEFAULT_SCHEDULE });
  const tolGrad = ref('0');
  const tolF = ref('0');
  const presetId = ref<string | undefined>(DEFAULT_FORM.preset);

  /** The learning rate has its own field: it is the one everybody changes. */
  const learningRate = computed({
    get: () => String(parameters.value.lr ?? ''),
    set: (value: string) => (parameters.value = { ...parameters.value, lr: value }),
  });

  /**
   * The text last parsed: it follows the field 150 ms after typing stops, so a long formula is not
   * re-parsed (and its gradient re-derived) on every keystroke.
   */
  const settled = ref(expression.value);
  let settle: ReturnType<typeof setTimeout> | undefined;
  watch(expression, (text) => {
    if (settle) clearTimeout(settle);
    settle = setTimeout(() => (settled.value = text), 150);
  });
  const parsed = computed(() => parseExpression(settled.value));
  /** Typed but not yet parsed. */
  const pending = computed(() => settled.value !== expression.value);
  /** Variables of the last function that parsed, so the start fields do not flicker while typing. */
  const variables = ref<readonly string[]>(['x', 'y']);
  watch(
    parsed,
    (result) => {
      if (!result.ok) return;
      variables.value = result.value.variables;
      // A variable that goes while the user types (a pause at `x^2` on the way to `x^2 + y^2`)
      // keeps its start value for when it comes back.
      const missing = result.value.variables.filter((name) => start.value[name] === undefined);
      if (missing.length > 0)
        start.value = { ...start.value, ...Object.fromEntries(missing.map((name) => [name, '0'])) };
    },
    { immediate: true },
  );

  const expressionError = computed(() => (parsed.value.ok ? undefined : parsed.value.error));
  /** The preset whose function this is (typed, chosen, or restored), for its domain and minima. */
  const preset = computed((): Preset | undefined => {
    const chosen = presetId.value ? findPreset(presetId.value) : undefined;
    if (chosen && chosen.expression === expression.value) return chosen;
    return PRESETS.find((candidate) => candidate.expression === expression.value);
  });

  function setOptimizer(name: OptimizerSpec['name']): void {
    optimizer.value = name;
    parameters.value = defaultParameters(name);
  }

  /** Fills the form from a preset: its function, suggested start, optimizer and stop rules. */
  function applyPreset(id: string): void {
    const found = findPreset(id);
    if (!found) return;
    presetId.value = id;
    expression.value = found.expression;
    settled.value = found.expression;
    const suggestion = found.suggested;
    const name = (suggestion.optimizer as { name: OptimizerSpec['name'] }).name;
    optimizer.value = name;
    const given = Object.fromEntries(
      Object.entries(suggestion.optimizer as unknown as Record<string, ParameterValue>)
        .filter(([key]) => key !== 'name')
        .map(([key, value]) => [key, toText(value)]),
    );
    parameters.value = { ...defaultParameters(name), ...given };
    const startPoint = suggestion.start ?? [];
    start.value = { x: String(startPoint[0] ?? 0), y: String(startPoint[1] ?? 0) };
    gradient.value = suggestion.gradient?.method ?? 'exact';
    steps.value = String(suggestion.stop?.maxSteps ?? 100);
    tolGrad.value = String(suggestion.stop?.tolGrad ?? 0);
    tolF.value = String(suggestion.stop?.tolF ?? 0);
    schedule.value = { ...DEFAULT_SCHEDULE };
  }

  function optimizerInput(): Record<string, unknown> {
    const input: Record<string, unknown> = { name: optimizer.value };
    for (const info of optimizerParameters(optimizer.value)) {
      const value = parameters.value[info.key];
      if (typeof info.defaultValue === 'boolean') input[info.key] = value === true;
      else if (Array.isArray(info.defaultValue))
        input[info.key] = String(value ?? '')
          .split(',')
          .map(number);
      else input[info.key] = number(typeof value === 'string' ? value : undefined);
    }
    return input;
  }

  function scheduleInput(): Record<string, unknown> {
    const s = schedule.value;
    switch (s.type) {
      case 'step':
        return { type: 'step', step_size: number(s.step_size), gamma: number(s.gamma) };
      case 'exponential':
        return { type: 'exponential', gamma: number(s.gamma) };
      case 'cosine':
        return { type: 'cosine', T_max: number(s.T_max), eta_min: number(s.eta_min) };
      default:
        return { type: 'constant' };
    }
  }

  /** The text typed in the field a spec problem names (a FIELDS key: `lr`, `start.2`, `beta2`…). */
  function typedText(field: string): string | undefined {
    const coordinate = /^start\.(\d+)$/.exec(field);
    if (coordinate) return start.value[variables.value[Number(coordinate[1]) - 1] ?? ''];
    const fixed: Readonly<Record<string, string>> = {
      maxSteps: steps.value,
      h: h.value,
      tolGrad: tolGrad.value,
      tolF: tolF.value,
      step_size: schedule.value.step_size,
      gamma: schedule.value.gamma,
      T_max: schedule.value.T_max,
      eta_min: schedule.value.eta_min,
    };
    if (field in fixed) return fixed[field];
    const pair = /^beta([12])$/.exec(field);
    const typed = parameters.value[pair ? 'betas' : field];
    if (typeof typed !== 'string') return undefined;
    return pair ? (typed.split(',')[Number(pair[1]) - 1] ?? '') : typed;
  }

  /**
   * The schema sees the NaN a field's text became; the user should read what they typed, or that
   * the field is empty.
   */
  function retell(problem: Message): Message {
    const params = problem.params ?? {};
    if (problem.code === 'andMore' && typeof params.message === 'object')
      return message('andMore', { ...params, message: retell(params.message) });
    const field = params.field;
    if (problem.code !== 'field.notNumber' || params.got !== 'NaN' || typeof field !== 'string') return problem;
    const text = typedText(field)?.trim();
    if (text === undefined) return problem;
    return text === '' ? message('field.required', { field }) : message('field.notNumber', { field, got: `"${text}"` });
  }

  /** The job spec as the fields read (numbers that did not parse are NaN, for the schema to name). */
  const input = computed(() => ({
    expression: expression.value,
    start: variables.value.map((name) => number(start.value[name])),
    optimizer: optimizerInput(),
    gradient: { method: gradient.value, h: number(h.value) },
    schedule: scheduleInput(),
    stop: { maxSteps: number(steps.value), tolGrad: number(tolGrad.value), tolF: number(tolF.value) },
  }));

  /**
   * f at the start point, when every coordinate is a number: a start where f is undefined (log at
   * x = -1) is said beside the start fields before the run, not as "diverged at step 0" after it.
   */
  /** f as a function, built once a parse (not once a keystroke in a start field). */
  const evaluate = computed(() => (parsed.value.ok ? interpret(parsed.value.value.tree) : undefined));
  const startProblem = computed((): Message | undefined => {
    const f = evaluate.value;
    const point = input.value.start;
    if (!f || point.some((v) => !Number.isFinite(v))) return undefined;
    const value = f(Float64Array.from(point));
    if (Number.isFinite(value)) return undefined;
    return message('run.undefinedAtStart', { value: String(value), field: `start.${variables.value[0] ?? 'x'}` });
  });

  /** The fields checked against the schema, once for both the spec and the marked fields. */
  const checked = computed(() => JobSpecSchema.safeParse(input.value, { reportInput: true }));

  /** The spec the form describes, or the first thing wrong with it in words. */
  const spec = computed((): Result<JobSpecInput> => {
    if (pending.value) return { ok: false, error: message('form.checking') };
    if (!parsed.value.ok) return { ok: false, error: parsed.value.error.detail };
    if (!checked.value.success) return { ok: false, error: retell(describeIssues(checked.value.error)) };
    if (startProblem.value) return { ok: false, error: startProblem.value };
    return { ok: true, value: input.value as JobSpecInput };
  });

  /**
   * Everything wrong with the fields at once, each problem naming its field (a start coordinate
   * by its variable: `start.x`), so the form can mark every one beside its input.
   */
  const problems = computed((): Message[] => {
    if (pending.value || !parsed.value.ok) return [];
    const result = checked.value;
    if (result.success) return startProblem.value ? [startProblem.value] : [];
    return issueMessages(result.error).map((problem) => {
      const told = retell(problem);
      const field = told.params?.field;
      const coordinate = typeof field === 'string' ? /^start\.(\d+)$/.exec(field) : null;
      const name = coordinate ? variables.value[Number(coordinate[1]) - 1] : undefined;
      return name ? message(told.code, { ...told.params, field: `start.${name}` }) : told;
    });
  });

  /**
   * The form's experiment once per chosen optimizer, each with its own learning rate and its
   * other hyper-parameters at PyTorch's defaults: "Compare optimizers".
   */
  function compareSpecs(choices: readonly { name: OptimizerSpec['name']; lr: string }[]): Result<JobSpecInput[]> {
    const base = spec.value;
    if (!base.ok) return base;
    if (choices.length === 0) return { ok: false, error: message('form.chooseOptimizer') };
    const specs: JobSpecInput[] = [];
    for (const choice of choices) {
      const input = { ...base.value, optimizer: { name: choice.name, lr: number(choice.lr) } };
      const checked = validate(JobSpecSchema, input);
      if (!checked.ok)
        return { ok: false, error: message('form.compareInvalid', { optimizer: choice.name, detail: checked.error }) };
      specs.push(input);
    }
    return { ok: true, value: specs };
  }

  /** The form as the session document keeps it. */
  const formState = computed((): FormState => ({
    expression: expression.value,
    optimizer: optimizer.value,
    learningRate: learningRate.value,
    steps: steps.value,
    gradient: gradient.value,
    h: h.value,
    start: { ...start.value },
    // The learning rate is kept once, as `learningRate`: its field is the form's own.
    parameters: Object.fromEntries(Object.entries(parameters.value).filter(([key]) => key !== 'lr')),
    schedule: { ...schedule.value },
    tolGrad: tolGrad.value,
    tolF: tolF.value,
    ...(presetId.value ? { preset: presetId.value } : {}),
  }));

  /** Puts a saved form back (an opened or restored session). */
  function applyForm(form: FormState): void {
    const name = (OPTIMIZER_NAMES as readonly string[]).includes(form.optimizer)
      ? (form.optimizer as OptimizerSpec['name'])
      : 'sgd';
    expression.value = form.expression;
    settled.value = form.expression;
    optimizer.value = name;
    parameters.value = { ...defaultParameters(name), ...(form.parameters ?? {}), lr: form.learningRate };
    steps.value = form.steps;
    gradient.value = form.gradient;
    h.value = form.h;
    start.value = { ...start.value, ...form.start };
    schedule.value = { ...DEFAULT_SCHEDULE, ...(form.schedule ?? {}) };
    tolGrad.value = form.tolGrad ?? '0';
    tolF.value = form.tolF ?? '0';
    presetId.value = form.preset;
  }

  /** The form of a new session (after New, or a document that holds no form). */
  function resetForm(): void {
    start.value = {};
    applyForm({ ...DEFAULT_FORM, start: { ...DEFAULT_FORM.start } });
  }

  /** Puts a run's spec back into the form ("Use settings"). */
  function applySpec(spec: JobSpec): void {
    const parameters: Record<string, ParameterText> = {};
    for (const [key, value] of Object.entries(spec.optimizer)) {
      if (key !== 'name') parameters[key] = toText(value as ParameterValue);
    }
    const names = variableNames(spec);
    const s = spec.schedule;
    applyForm({
      expression: spec.expression,
      optimizer: spec.optimizer.name,
      learningRate: String(spec.optimizer.lr),
      steps: String(spec.stop.maxSteps),
      gradient: spec.gradient.method,
      h: String(spec.gradient.h),
      start: Object.fromEntries(names.map((name, i) => [name, String(spec.start[i])])),
      parameters,
      schedule: {
        type: s.type,
        step_size: s.type === 'step' ? String(s.step_size) : DEFAULT_SCHEDULE.step_size,
        gamma: s.type === 'step' || s.type === 'exponential' ? String(s.gamma) : DEFAULT_SCHEDULE.gamma,
        T_max: s.type === 'cosine' ? String(s.T_max) : DEFAULT_SCHEDULE.T_max,
        eta_min: s.type === 'cosine' ? String(s.eta_min) : DEFAULT_SCHEDULE.eta_min,
      },
      tolGrad: String(spec.stop.tolGrad),
      tolF: String(spec.stop.tolF),
    });
  }

  return {
    expression,
    optimizer,
    parameters,
    learningRate,
    steps,
    gradient,
    h,
    start,
    schedule,
    tolGrad,
    tolF,
    presetId,
    preset,
    parsed,
    pending,
    variables,
    expressionError,
    spec,
    problems,
    formState,
    setOptimizer,
    applyPreset,
    applyForm,
    resetForm,
    applySpec,
    compareSpecs,
  };
});
