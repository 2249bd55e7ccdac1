import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatMessage } from '@shared/messages';
import { JobSpecSchema } from '@shared/spec';
import { messageIn } from '@shared/i18n';
import { i18n } from '../i18n';
import { useExperimentStore } from '../stores/useExperimentStore';
import CompareOptimizers from './CompareOptimizers.vue';

beforeEach(() => setActivePinia(createPinia()));

describe('Compare optimizers', () => {
  it('offers the form’s η for gradient-style optimizers and 1 for those with their own scale', async () => {
    const wrapper = mount(CompareOptimizers, {
      props: { current: 'sgd', learningRate: '0.1', disabled: false },
      global: { plugins: [i18n] },
    });
    const rate = (name: string): string =>
      (wrapper.find(`input[aria-label="Learning rate for ${name}"]`).element as HTMLInputElement).value;
    expect(rate('Adam')).toBe('0.1');
    expect(rate('Newton’s method')).toBe('1');
    await wrapper.find('input[aria-label="Learning rate for Adam"]').setValue('0.05');
    await wrapper.find('[data-testid="compare-newton"]').setValue(true);
    await wrapper.find('button').trigger('click');
    const emitted = wrapper.emitted<[{ name: string; lr: string }[]]>('compare');
    expect(emitted?.[0]?.[0]).toEqual([
      { name: 'sgd', lr: '0.1' },
      { name: 'rmsprop', lr: '0.1' },
      { name: 'adam', lr: '0.05' },
      { name: 'newton', lr: '1' },
    ]);
  });

  it('makes one valid spec per optimizer from the form, or says which rate is wrong', () => {
    const experiment = useExperimentStore();
    const specs = experiment.compareSpecs([
      { name: 'adam', lr: '0.05' },
      { name: 'newton', lr: '1' },
    ]);
    if (!specs.ok) throw new Error(formatMessage(specs.error));
    const parsed = specs.value.map((spec) => JobSpecSchema.parse(spec));
    expect(parsed.map((s) => [s.optimizer.name, s.optimizer.lr])).toEqual([
      ['adam', 0.05],
      ['newton', 1],
    ]);
    expect(parsed.every((s) => s.expression === 'x^2 + y^2' && s.start.join() === '-3,4')).toBe(true);
    const bad = experiment.compareSpecs([{ name: 'adam', lr: '-1' }]);
    if (bad.ok) throw new Error('expected a negative rate to be refused');
    expect(messageIn('en', bad.error)).toBe('adam: learning rate must be > 0, got -1');
    expect(messageIn('ja', bad.error)).toBe('adam: 学習率は 0 より大きくしてください（入力: -1）');
    const none = experiment.compareSpecs([]);
    if (none.ok) throw new Error('expected an empty choice to be refused');
    expect(messageIn('en', none.error)).toBe('Choose at least one optimizer to compare');
  });
});
