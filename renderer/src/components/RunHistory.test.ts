import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { RunListing } from '@shared/session/run-record';
import { JobSpecSchema } from '@shared/spec';
import { i18n } from '../i18n';
import RunHistory from './RunHistory.vue';

const spec = JobSpecSchema.parse({ expression: 'x^2', start: [1], optimizer: { name: 'sgd', lr: 0.1 } });
const run = (name: string, k: number): RunListing => ({
  id: `id-${k}`,
  name,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, k)).toISOString(),
  spec,
  status: 'max-steps',
});

describe('RunHistory', () => {
  it('sorts names as numbers read: Run 2 before Run 10', async () => {
    const wrapper = mount(RunHistory, {
      props: {
        runs: [run('Run 10 · sgd', 3), run('Run 2 · sgd', 2), run('Run 1 · sgd', 1)],
        selectedId: undefined,
        overlayIds: [],
        colors: {},
      },
      global: { plugins: [i18n] },
    });
    await wrapper.find('select').setValue('name');
    expect(wrapper.findAll('[role="option"]').map((option) => option.attributes('aria-label'))).toEqual([
      'Run 1 · sgd',
      'Run 2 · sgd',
      'Run 10 · sgd',
    ]);
  });
});
