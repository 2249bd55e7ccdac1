import type { JobSpecInput } from '../spec';
import type { Bounds } from './bounds';

/** A standard test function, with the settings that show it off and its known minima. */
export interface Preset {
  readonly id: string;
  readonly name: string;
  readonly expression: string;
  /** The usual plotting and search domain. */
  readonly domain: Bounds;
  /** Known global minima (and, where it helps, the function value there). */
  readonly minima: readonly { readonly point: readonly [number, number]; readonly value: number }[];
  readonly source: string;
  readonly notes?: string;
  /** A start and optimizer that reach a listed minimum, as a starting point for experiments. */
  readonly suggested: Pick<JobSpecInput, 'start' | 'optimizer' | 'gradient' | 'stop'>;
}

const VLSE = 'Surjanovic & Bingham, Virtual Library of Simulation Experiments (sfu.ca/~ssurjano)';
const WIKIPEDIA = 'Wikipedia, "Test functions for optimization"';

export const PRESETS: readonly Preset[] = [
  {
    id: 'sphere',
    name: 'Sphere (bowl)',
    expression: 'x^2 + y^2',
    domain: { x: [-5, 5], y: [-5, 5] },
    minima: [{ point: [0, 0], value: 0 }],
    source: `${VLSE}; the article's function`,
    suggested: {
      start: [-3, 4],
      optimizer: { name: 'sgd', lr: 0.1 },
      gradient: { method: 'central', h: 1e-4 },
      stop: { maxSteps: 100 },
    },
  },
  {
    id: 'rosenbrock',
    name: 'Rosenbrock',
    expression: '(1 - x)^2 + 100 (y - x^2)^2',
    domain: { x: [-2, 2], y: [-1, 3] },
    minima: [{ point: [1, 1], value: 0 }],
    source: VLSE,
    notes: 'A long curved valley: easy to find, slow to follow.',
    suggested: {
      start: [-1.5, 2],
      optimizer: { name: 'newton' },
      gradient: { method: 'exact' },
      stop: { maxSteps: 100, tolGrad: 1e-10 },
    },
  },
  {
    id: 'himmelblau',
    name: 'Himmelblau',
    expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    domain: { x: [-5, 5], y: [-5, 5] },
    minima: [
      { point: [3, 2], value: 0 },
      { point: [-2.805118, 3.131312], value: 0 },
      { point: [-3.77931, -3.283186], value: 0 },
      { point: [3.584428, -1.848126], value: 0 },
    ],
    source: WIKIPEDIA,
    notes: 'Four equal minima: where you start decides where you end.',
    suggested: {
      start: [0, 0],
      optimizer: { name: 'adam', lr: 0.1 },
      gradient: { method: 'exact' },
      stop: { maxSteps: 2000, tolGrad: 1e-8 },
    },
  },
  {
    id: 'beale',
    name: 'Beale',
    expression: '(1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2',
    domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
    minima: [{ point: [3, 0.5], value: 0 }],
    source: VLSE,
    suggested: {
      start: [1, 1],
      optimizer: { name: 'linesearch' },
      gradient: { method: 'exact' },
      stop: { maxSteps: 5000, tolGrad: 1e-9 },
    },
  },
  {
    id: 'booth',
    name: 'Booth',
    expression: '(x + 2 y - 7)^2 + (2 x + y - 5)^2',
    domain: { x: [-10, 10], y: [-10, 10] },
    minima: [{ point: [1, 3], value: 0 }],
    source: VLSE,
    suggested: {
      start: [-8, 8],
      optimizer: { name: 'sgd', lr: 0.05 },
      gradient: { method: 'exact' },
      stop: { maxSteps: 2000, tolGrad: 1e-9 },
    },
  },
  {
    id: 'matyas',
    name: 'Matyas',
    expression: '0.26 (x^2 + y^2) - 0.48 x y',
    domain: { x: [-10, 10], y: [-10, 10] },
    minima: [{ point: [0, 0], value: 0 }],
    source: VLSE,
    suggested: {
      start: [8, -6],
      optimizer: { name: 'newton' },
      gradient: { method: 'exact' },
      stop: { maxSteps: 20, tolGrad: 1e-12 },
    },
  },
  {
    id: 'three-hump-camel',
    name: 'Three-hump camel',
    expression: '2 x^2 - 1.05 x^4 + x^6 / 6 + x y + y^2',
    domain: { x: [-5, 5], y: [-5, 5] },
    minima: [{ point: [0, 0], value: 0 }],
    source: VLSE,
    suggested: {
      start: [0.5, -0.5],
      optimizer: { name: 'linesearch' },
      gradient: { method: 'exact' },
      stop: { maxSteps: 2000, tolGrad: 1e-10 },
    },
  },
  {
    id: 'six-hump-camel',
    name: 'Six-hump camel',
    expression: '(4 - 2.1 x^2 + x^4 / 3) x^2 + x y + (-4 + 4 y^2) y^2',
    domain: { x: [-3, 3], y: [-2, 2] },
    minima: [
      { point: [0.0898, -0.7126], value: -1.0316 },
      { point: [-0.0898, 0.7126], value: -1.0316 },
    ],
    source: VLSE,
    suggested: {
      start: [0.5, -0.5],
      optimizer: { name: 'linesearch' },
      gradient: { method: 'exact' },
      stop: { maxSteps: 2000, tolGrad: 1e-10 },
    },
  },
  {
    id: 'goldstein-price',
    name: 'Goldstein–Price',
    expression:
      '(1 + (x + y + 1)^2 (19 - 14 x + 3 x^2 - 14 y + 6 x y + 3 y^2)) (30 + (2 x - 3 y)^2 (18 - 32 x + 12 x^2 + 48 y - 36 x y + 27 y^2))',
    domain: { x: [-2, 2], y: [-2, 2] },
    minima: [{ point: [0, -1], value: 3 }],
    source: VLSE,
    suggested: {
      start: [0.3, -0.7],
      optimizer: { name: 'newton' },
      gradient: { method: 'exact' },
      stop: { maxSteps: 100, tolGrad: 1e-10 },
    },
  },
  {
    id: 'rastrigin',
    name: 'Rastrigin (2-D)',
    expression: '20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y)',
    domain: { x: [-5.12, 5.12], y: [-5.12, 5.12] },
    minima: [{ point: [0, 0], value: 0 }],
    source: VLSE,
    notes: 'A local minimum near every integer point: gradient descent finds the nearest one.',
    suggested: {
      start: [0.3, -0.4],
      optimizer: { name: 'sgd', lr: 0.002 },
      gradient: { method: 'exact' },
      stop: { maxSteps: 2000, tolGrad: 1e-10 },
    },
  },
  {
    id: 'ackley',
    name: 'Ackley (2-D)',
    expression: '-20 exp(-0.2 sqrt(0.5 (x^2 + y^2))) - exp(0.5 (cos(2 pi x) + cos(2 pi y))) + e + 20',
    domain: { x: [-5, 5], y: [-5, 5] },
    minima: [{ point: [0, 0], value: 0 }],
    source: VLSE,
    notes: 'Nearly flat far out, a deep funnel in the middle; not differentiable at the minimum.',
    suggested: {
      start: [0.3, -0.2],
      optimizer: { name: 'linesearch', lr: 0.1 },
      gradient: { method: 'exact' },
      stop: { maxSteps: 300 },
    },
  },
  {
    id: 'saddle',
    name: 'Saddle',
    expression: 'x^2 - y^2',
    domain: { x: [-2, 2], y: [-2, 2] },
    minima: [],
    source: WIKIPEDIA,
    notes: 'Unbounded below: a run from off the x-axis slides away (and is stopped as diverged).',
    suggested: {
      start: [1.5, 0.01],
      optimizer: { name: 'sgd', lr: 0.1 },
      gradient: { method: 'exact' },
      stop: { maxSteps: 500 },
    },
  },
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
