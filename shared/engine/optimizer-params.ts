import { OptimizerSchema, type OptimizerSpec } from '../spec';

export type ParameterValue = number | boolean | readonly [number, number];

export interface ParameterInfo {
  /** PyTorch's name (the spec's key). */
  readonly key: string;
  readonly label: string;
  readonly defaultValue: ParameterValue;
  readonly help: string;
}

const HELP: Readonly<Record<string, { label?: string; help: string }>> = {
  lr: { label: 'Learning rate', help: 'Step size η: how far each step moves against the gradient.' },
  momentum: { help: 'Fraction of the previous step carried into this one (0 = none); smooths and speeds up valleys.' },
  dampening: { help: 'Shrinks the new gradient’s share of the momentum buffer: (1 − dampening)·g.' },
  nesterov: { help: 'Look-ahead momentum: apply the gradient after the momentum step.' },
  weight_decay: { help: 'L2 penalty λ: adds λ·θ to the gradient (AdamW: shrinks θ directly).' },
  betas: { help: 'Decay rates (β₁, β₂) of the running means of the gradient and its square, each in [0, 1).' },
  eps: { help: 'Added to the denominator so it is never zero.' },
  amsgrad: { help: 'Use the running maximum of the squared-gradient average (AMSGrad).' },
  alpha: { help: 'Smoothing constant of the squared-gradient average, in [0, 1).' },
  centered: { help: 'Normalise by the variance instead of the raw second moment.' },
  lr_decay: { help: 'Learning rate decay: the rate at step t is lr / (1 + (t − 1)·lr_decay).' },
  initial_accumulator_value: { help: 'Starting value of the sum of squared gradients.' },
  rho: { help: 'Decay rate of the running averages, in [0, 1).' },
  momentum_decay: { help: 'ψ in NAdam’s momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)).' },
  c1: { help: 'Armijo constant: accept a step when f drops by at least c₁·α·‖∇f‖².' },
  shrink: { help: 'Backtracking factor: the step is multiplied by this until it is accepted.' },
};

/** The hyper-parameters of an optimizer, with PyTorch's names and defaults (from the schema). */
export function optimizerParameters(name: OptimizerSpec['name']): ParameterInfo[] {
  const defaults = OptimizerSchema.parse({ name }) as Record<string, unknown>;
  return Object.entries(defaults)
    .filter(([key]) => key !== 'name')
    .map(([key, value]) => ({
      key,
      label: HELP[key]?.label ?? key,
      defaultValue: value as ParameterValue,
      help: HELP[key]?.help ?? '',
    }));
}
