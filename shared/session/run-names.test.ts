import { describe, expect, it } from 'vitest';
import { defaultRunName, parseRunName, runNameIn } from './run-names';

describe('default run names', () => {
  it('are read back in every language, and a name the user gave is not one', () => {
    expect(parseRunName(defaultRunName('en', 12, 'adam'))).toEqual({ n: 12, optimizer: 'adam' });
    expect(parseRunName(defaultRunName('ja', 3, 'newton'))).toEqual({ n: 3, optimizer: 'newton' });
    expect(parseRunName('Run twelve · adam')).toBeUndefined();
    expect(parseRunName('My run 3 · adam')).toBeUndefined();
  });

  it('are re-worded in the language shown, a typed name kept as it is', () => {
    expect(runNameIn('ja', 'Run 7 · sgd')).toBe('実行 7 · sgd');
    expect(runNameIn('en', '実行 7 · sgd')).toBe('Run 7 · sgd');
    expect(runNameIn('ja', 'Baseline')).toBe('Baseline');
  });
});
