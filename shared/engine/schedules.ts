import type { ScheduleSpec } from '../spec';

/**
 * The learning rate used at step t (from 1), with torch.optim.lr_scheduler's semantics when the
 * scheduler is stepped once per optimizer step: StepLR, ExponentialLR and CosineAnnealingLR
 * (its closed form).
 */
export function learningRateAt(schedule: ScheduleSpec, base: number, t: number): number {
  const epoch = t - 1;
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.gamma ** Math.floor(epoch / schedule.step_size);
    case 'exponential':
      return base * schedule.gamma ** epoch;
    case 'cosine':
      return schedule.eta_min + ((base - schedule.eta_min) * (1 + Math.cos((Math.PI * epoch) / schedule.T_max))) / 2;
  }
}
