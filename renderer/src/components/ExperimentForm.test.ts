import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { i18n, setLocale } from '../i18n';
import { useExperimentStore } from '../stores/useExperimentStore';
import ExperimentForm from './ExperimentForm.vue';
import MathPreview from './MathPreview.vue';
import { parseOrThrow } from '@shared/engine/expression';

beforeEach(() => {
  setActivePinia(createPinia());
});

const mountForm = (): ReturnType<typeof mount<typeof ExperimentForm>> =>
  mount(ExperimentForm, { props: { canCancel: false }, attachTo: document.body, global: { plugins: [i18n] } });

describe('ExperimentForm', () => {
  it('labels every control', () => {
    const wrapper = mountForm();
    const labels = wrapper.findAll('label').map((l) => l.text());
    expect(labels).toEqual(
      expect.arrayContaining([
        'Preset',
        'Function',
        'Optimizer',
        'Learning rate',
        'Steps',
        'Start x',
        'Start y',
        'Gradient',
        'h',
      ]),
    );
    expect(wrapper.find('button[type="submit"]').text()).toBe('Run');
    wrapper.unmount();
  });

  it("shows the chosen optimizer's hyper-parameters under PyTorch's names, with defaults", async () => {
    const wrapper = mountForm();
    await wrapper.find('#optimizer').setValue('adam');
    expect((wrapper.find('#learning-rate').element as HTMLInputElement).value).toBe('0.001');
    expect((wrapper.find('#param-betas').element as HTMLInputElement).value).toBe('0.9, 0.999');
    expect((wrapper.find('#param-eps').element as HTMLInputElement).value).toBe('1e-8');
    expect(wrapper.text()).toContain('amsgrad');
    wrapper.unmount();
  });

  it('says what is wrong with a parameter, and disables Run', async () => {
    const wrapper = mountForm();
    await wrapper.find('#learning-rate').setValue('-1');
    expect(wrapper.find('[role="alert"]').text()).toBe('Learning rate must be > 0, got -1');
    expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('#learning-rate').attributes()).toMatchObject({
      'aria-invalid': 'true',
      'aria-describedby': 'error-learning-rate',
    });
    await wrapper.find('#learning-rate').setValue('  ');
    expect(wrapper.find('[role="alert"]').text()).toBe('Learning rate is required');
    await wrapper.find('#learning-rate').setValue('0.1');
    expect(wrapper.find('#learning-rate').attributes('aria-invalid')).toBeUndefined();
    wrapper.unmount();
  });

  it('marks the field a problem is about, opening its group when it is folded', async () => {
    const wrapper = mountForm();
    useExperimentStore().setOptimizer('adam');
    await nextTick();
    await wrapper.find('#param-betas').setValue('0.9, 1');
    expect(wrapper.find('#error-param-betas').text()).toBe('Beta2 must be < 1, got 1');
    expect(wrapper.find('#param-betas').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#param-betas').attributes('aria-describedby')).toBe('help-betas error-param-betas');
    expect(wrapper.find('#param-betas').element.closest('details')?.open).toBe(true);
    await wrapper.find('#param-betas').setValue('0.9, 0.999');
    await wrapper.find('#start-y').setValue('up');
    expect(wrapper.find('#error-start-y').text()).toBe('Start y must be a number, got "up"');
    expect(wrapper.find('#start-y').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#param-betas').attributes('aria-invalid')).toBeUndefined();
    wrapper.unmount();
  });

  it('marks every invalid field at once, each with its own message in the words of its label', async () => {
    const wrapper = mountForm();
    await wrapper.find('#start-x').setValue('abc');
    await wrapper.find('#start-y').setValue('');
    await wrapper.find('#learning-rate').setValue('-1');
    await wrapper.find('#steps').setValue('2.5');
    expect(wrapper.find('#error-start-x').text()).toBe('Start x must be a number, got "abc"');
    expect(wrapper.find('#error-start-y').text()).toBe('Start y is required');
    expect(wrapper.find('#error-learning-rate').text()).toBe('Learning rate must be > 0, got -1');
    expect(wrapper.find('#error-steps').text()).toMatch(/^Steps must be a whole number/);
    for (const id of ['start-x', 'start-y', 'learning-rate', 'steps'])
      expect(wrapper.find(`#${id}`).attributes('aria-invalid')).toBe('true');
    // Nothing is left to say below the form, and nothing says "(and 3 more)".
    expect(wrapper.find('#spec-error').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('more)');
    setLocale('ja');
    await nextTick();
    expect(wrapper.find('#error-start-y').text()).toBe('開始点 yを入力してください');
    setLocale('en');
    wrapper.unmount();
  });

  it('keeps a start value while its variable is gone for a moment (a pause at x^2 on the way to x^2 + y^2)', async () => {
    vi.useFakeTimers();
    const wrapper = mountForm();
    await wrapper.find('#start-y').setValue('7');
    await wrapper.find('#function').setValue('x^2');
    vi.advanceTimersByTime(200);
    await nextTick();
    expect(wrapper.find('#start-y').exists()).toBe(false);
    await wrapper.find('#function').setValue('x^2 + y^2');
    vi.advanceTimersByTime(200);
    await nextTick();
    expect((wrapper.find('#start-y').element as HTMLInputElement).value).toBe('7');
    vi.useRealTimers();
    wrapper.unmount();
  });

  it('says that xy is one variable, not a product; a very long name wraps', async () => {
    vi.useFakeTimers();
    const wrapper = mountForm();
    await wrapper.find('#function').setValue('xy + x^2');
    vi.advanceTimersByTime(200);
    await nextTick();
    expect(wrapper.find('#function-help').text()).toContain('Variables: x, xy');
    expect(wrapper.find('[data-testid="run-together"]').text()).toBe('xy is one variable; write x*y for a product.');
    await wrapper.find('#function').setValue('theta^2 + x^2');
    vi.advanceTimersByTime(200);
    await nextTick();
    expect(wrapper.find('[data-testid="run-together"]').exists()).toBe(false);
    vi.useRealTimers();
    wrapper.unmount();
  });

  it('says before the run, beside the start, that f is undefined there', async () => {
    vi.useFakeTimers();
    const wrapper = mountForm();
    await wrapper.find('#function').setValue('log(x) + y^2');
    vi.advanceTimersByTime(200);
    await nextTick();
    await wrapper.find('#start-x').setValue('-1');
    expect(wrapper.find('#error-start-x').text()).toBe(
      'The function is not defined at the start point (f = NaN): choose another start',
    );
    expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeDefined();
    await wrapper.find('#start-x').setValue('2');
    expect(wrapper.find('#error-start-x').exists()).toBe(false);
    vi.useRealTimers();
    wrapper.unmount();
  });

  it('points at a bad function after typing pauses', async () => {
    vi.useFakeTimers();
    const wrapper = mountForm();
    await wrapper.find('#function').setValue('x^2 + foo(y)');
    vi.advanceTimersByTime(200);
    await nextTick();
    expect(wrapper.find('#function').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#function-help').text()).toMatch(/foo\(…\) is not available.*\(column 7\)/);
    // The wrong name itself is underlined, where it stands in the text.
    expect(wrapper.find('[data-testid="function-error-span"]').text()).toBe('foo');
    vi.useRealTimers();
    wrapper.unmount();
  });

  it('speaks Japanese when asked, and English again', async () => {
    const wrapper = mountForm();
    setLocale('ja');
    await nextTick();
    expect(wrapper.find('label[for="optimizer"]').text()).toBe('オプティマイザ');
    expect(wrapper.find('button[type="submit"]').text()).toBe('実行');
    expect(wrapper.find('#preset option[value="rosenbrock"]').text()).toBe('ローゼンブロック関数');
    expect(document.documentElement.lang).toBe('ja');
    setLocale('en');
    await nextTick();
    expect(wrapper.find('button[type="submit"]').text()).toBe('Run');
    wrapper.unmount();
  });

  it('fills the form from a preset', async () => {
    const wrapper = mountForm();
    await wrapper.find('#preset').setValue('rosenbrock');
    const store = useExperimentStore();
    expect(store.expression).toBe('(1 - x)^2 + 100 (y - x^2)^2');
    expect(store.optimizer).toBe('newton');
    expect(store.start).toEqual({ x: '-1.5', y: '2' });
    wrapper.unmount();
  });
});

describe('MathPreview', () => {
  it('typesets f and its gradient', () => {
    const wrapper = mount(MathPreview, {
      props: { expression: parseOrThrow('x^2 + y^2') },
      global: { plugins: [i18n] },
    });
    const formulas = wrapper.findAll('.formula');
    expect(formulas).toHaveLength(3);
    expect(formulas[0]?.find('.katex').exists()).toBe(true);
    expect(formulas[1]?.text()).toContain('2x');
  });
});
