import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../spec';
import { optimizerParameters } from './optimizer-params';

describe('optimizer parameters', () => {
  it("list PyTorch's names and defaults", () => {
    expect(optimizerParameters('sgd').map((p) => [p.key, p.defaultValue])).toEqual([
      ['lr', 0.001],
      ['momentum', 0],
      ['dampening', 0],
      ['nesterov', false],
      ['weight_decay', 0],
    ]);
    expect(optimizerParameters('adamw').find((p) => p.key === 'weight_decay')?.defaultValue).toBe(0.01);
    expect(optimizerParameters('adam').find((p) => p.key === 'betas')?.defaultValue).toEqual([0.9, 0.999]);
  });

  it('explain every parameter of every optimizer', () => {
    for (const name of OPTIMIZER_NAMES) {
      for (const parameter of optimizerParameters(name))
        expect(parameter.help, `${name}.${parameter.key}`).not.toBe('');
    }
  });
});
