import { describe, expect, it } from 'vitest';
import { formatMessage } from '../messages';
import { prepareRun } from './prepare';
import { learningRateAt } from './schedules';

function path(optimizer: Record<string, unknown>, expression = 'x^2', start = [3], steps = 3): number[][] {
  const prepared = prepareRun({
    expression,
    start,
    optimizer,
    gradient: { method: 'exact' },
    stop: { maxSteps: steps },
  });
  if (!prepared.ok) throw new Error(formatMessage(prepared.error));
  const points: number[][] = [];
  prepared.value.runToEnd((batch) => {
    for (let k = 0; k < batch.count; k++) {
      points.push(Array.from(batch.points.subarray(k * batch.dimension, (k + 1) * batch.dimension)));
    }
  });
  return points;
}

// f = x², x₀ = 3, so g = 2x. Expected values worked out from each optimizer's published update rule
// (the algorithm boxes of the torch.optim docs), computed independently of this code base.
const FIRST_THREE_STEPS: [string, Record<string, unknown>, number[]][] = [
  ['SGD', { name: 'sgd', lr: 0.1 }, [2.4, 1.92, 1.536]],
  ['SGD momentum', { name: 'sgd', lr: 0.1, momentum: 0.9 }, [2.4, 1.38, 0.186]],
  ['SGD Nesterov', { name: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }, [1.86, 0.6672, -0.325056]],
  ['SGD dampening', { name: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.5 }, [2.4, 1.62, 0.756]],
  ['SGD weight decay', { name: 'sgd', lr: 0.1, weight_decay: 0.1 }, [2.37, 1.8723, 1.479117]],
  ['Adagrad', { name: 'adagrad', lr: 0.1 }, [2.9000000000016666, 2.830497790317731, 2.774359345939178]],
  [
    'Adagrad lr_decay',
    { name: 'adagrad', lr: 0.1, lr_decay: 0.5 },
    [2.9000000000016666, 2.8536651935457096, 2.8254392393101573],
  ],
  ['RMSprop', { name: 'rmsprop', lr: 0.01 }, [2.9000000016666667, 2.8303174494400767, 2.7738885693916693]],
  [
    'RMSprop centered, momentum',
    { name: 'rmsprop', lr: 0.01, centered: true, momentum: 0.9 },
    [2.8994962201575807, 2.7386629002261103, 2.5379088816814663],
  ],
  ['Adam', { name: 'adam', lr: 0.1 }, [2.9000000001666666, 2.800102707414789, 2.7003815234507473]],
  [
    'Adam amsgrad',
    { name: 'adam', lr: 0.1, amsgrad: true },
    [2.9000000001666666, 2.800102707414789, 2.7003815234507473],
  ],
  ['AdamW', { name: 'adamw', lr: 0.1 }, [2.8970000001666665, 2.7942092931928864, 2.691703649449724]],
  ['NAdam', { name: 'nadam', lr: 0.1 }, [2.8943548223405364, 2.8172428595689967, 2.7458760021064474]],
  ['Adadelta', { name: 'adadelta' }, [2.996837722779037, 2.993594916133394, 2.990297994419827]],
];

describe('optimizers follow torch.optim', () => {
  it.each(FIRST_THREE_STEPS)('%s: first three steps', (_name, optimizer, expected) => {
    const steps = path(optimizer)
      .slice(1)
      .map(([x]) => x ?? Number.NaN);
    expected.forEach((value, i) => expect(steps[i]).toBeCloseTo(value, 12));
  });

  // ../shared/REFERENCE.md: torch.optim in float64 with autograd gradients.
  const ENDPOINTS: [string, Record<string, unknown>, string, number[], number, [string, string]][] = [
    ['SGD lr 0.1', { name: 'sgd', lr: 0.1 }, 'x^2 + y^2', [-3, 4], 100, ['-6.1111079e-10', '8.1481439e-10']],
    [
      'SGD momentum',
      { name: 'sgd', lr: 0.1, momentum: 0.9 },
      'x^2 + y^2',
      [-3, 4],
      100,
      ['0.0085542334', '-0.0114056445'],
    ],
    [
      'SGD nesterov',
      { name: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true },
      'x^2 + y^2',
      [-3, 4],
      100,
      ['1.8268564e-7', '-2.4358085e-7'],
    ],
    [
      'SGD dampening',
      { name: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.5 },
      'x^2 + y^2',
      [-3, 4],
      100,
      ['-0.0076689091', '0.0102252122'],
    ],
    ['Adam', { name: 'adam', lr: 0.1 }, 'x^2 + y^2', [-3, 4], 100, ['-0.0193445625', '-0.0214303446']],
    ['AdamW', { name: 'adamw', lr: 0.1 }, 'x^2 + y^2', [-3, 4], 100, ['-0.017867181', '-0.0161648167']],
    ['RMSprop', { name: 'rmsprop', lr: 0.01 }, 'x^2 + y^2', [-3, 4], 100, ['-1.2626371', '2.1791414']],
    ['Adagrad', { name: 'adagrad', lr: 0.1 }, 'x^2 + y^2', [-3, 4], 100, ['-1.3949679', '2.323548']],
    [
      'Rosenbrock SGD',
      { name: 'sgd', lr: 1e-3 },
      '(1 - x)^2 + 100(y - x^2)^2',
      [-1.5, 2],
      1000,
      ['-0.66027782', '0.44395797'],
    ],
    [
      'Rosenbrock SGD momentum',
      { name: 'sgd', lr: 1e-3, momentum: 0.9 },
      '(1 - x)^2 + 100(y - x^2)^2',
      [-1.5, 2],
      1000,
      ['0.99246309', '0.98495268'],
    ],
    [
      'Rosenbrock Adam',
      { name: 'adam', lr: 0.01 },
      '(1 - x)^2 + 100(y - x^2)^2',
      [-1.5, 2],
      1000,
      ['0.06736907', '0.00395402'],
    ],
  ];

  it.each(ENDPOINTS)('%s reaches the reference endpoint', (_name, optimizer, expression, start, steps, expected) => {
    const points = path(optimizer, expression, start, steps);
    const last = points[points.length - 1] ?? [];
    expected.forEach((printed, i) => {
      // Agree with the printed reference to one unit in its last printed digit (the reference's
      // own rounding and operation order differ by a few ulps).
      const [mantissa = '', exponent = '0'] = printed.split('e');
      const decimals = mantissa.split('.')[1]?.length ?? 0;
      const unit = 10 ** (Number(exponent) - decimals);
      expect(Math.abs((last[i] ?? Number.NaN) - Number(printed))).toBeLessThanOrEqual(unit);
    });
  });

  it('line search and Newton minimise a quadratic; Newton in one step', () => {
    const newton = path({ name: 'newton' }, '3(x - 1)^2 + (y + 2)^2 + x y', [4, 4], 1);
    const [x = Number.NaN, y = Number.NaN] = newton[1] ?? [];
    // ∇f = 0: 6(x−1) + y = 0 and 2(y+2) + x = 0.
    expect(6 * (x - 1) + y).toBeCloseTo(0, 10);
    expect(2 * (y + 2) + x).toBeCloseTo(0, 10);
    const search = path({ name: 'linesearch' }, '3(x - 1)^2 + (y + 2)^2', [4, 4], 60);
    const end = search[search.length - 1] ?? [];
    expect(end[0]).toBeCloseTo(1, 6);
    expect(end[1]).toBeCloseTo(-2, 6);
  });

  it('Newton falls back to a descent step where the Hessian is not positive definite', () => {
    const points = path({ name: 'newton', lr: 0.5 }, 'x^4 - x^2 + y^2', [0.1, 1], 50);
    const end = points[points.length - 1] ?? [];
    expect(Math.abs(end[0] ?? 0)).toBeCloseTo(Math.SQRT1_2, 6);
  });
});

describe('learning-rate schedules (torch.optim.lr_scheduler, stepped once per step)', () => {
  it('StepLR, ExponentialLR, CosineAnnealingLR', () => {
    const step = { type: 'step', step_size: 2, gamma: 0.5 } as const;
    expect([1, 2, 3, 4, 5].map((t) => learningRateAt(step, 1, t))).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(learningRateAt({ type: 'exponential', gamma: 0.9 }, 2, 3)).toBeCloseTo(2 * 0.81, 15);
    const cosine = { type: 'cosine', T_max: 10, eta_min: 0.1 } as const;
    expect(learningRateAt(cosine, 1, 1)).toBe(1);
    expect(learningRateAt(cosine, 1, 6)).toBeCloseTo(0.55, 15);
    expect(learningRateAt(cosine, 1, 11)).toBeCloseTo(0.1, 15);
    expect(learningRateAt({ type: 'constant' }, 0.3, 99)).toBe(0.3);
  });
});
