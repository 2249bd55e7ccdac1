import { expect, test } from './support/fixtures';

test('run history: compare runs, rename, notes, delete and undo, re-run, use settings, filter', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const history = page.getByRole('region', { name: 'Run history' });
  const result = page.getByRole('region', { name: 'Result' });

  await page.getByLabel('Preset').selectOption({ label: 'Rosenbrock' });
  await page.getByLabel('Optimizer').selectOption({ label: 'SGD' });
  await page.getByLabel('Learning rate', { exact: true }).fill('0.001');
  await page.getByLabel('Steps').fill('2000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(result.getByRole('status')).toHaveText(/Reached max steps/);
  await page.getByLabel('Optimizer').selectOption({ label: 'Adam' });
  await page.getByLabel('Learning rate', { exact: true }).fill('0.02');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(history.getByRole('listbox', { name: 'Runs' }).getByRole('option')).toHaveCount(2);
  await expect(result.getByRole('status')).toHaveText(/Reached max steps/);

  // Compare: the SGD run drawn beside the selected Adam run.
  await history.getByLabel('Overlay Run 1 · sgd').check();
  await expect(page.getByRole('img', { name: /Contour chart/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('history-overlay.png') });

  // Rename and notes on the selected run.
  await history.getByRole('button', { name: 'Rename' }).click();
  await history.getByLabel('New name for Run 2 · adam').fill('Adam, fast');
  await history.getByLabel('New name for Run 2 · adam').press('Enter');
  await expect(history.getByRole('option', { name: 'Adam, fast' })).toBeVisible();
  await result.getByLabel('Notes').fill('overshoots, then settles');
  await result.getByLabel('Notes').blur();
  await expect(history).toContainText('overshoots, then settles');

  // Filter and sort.
  await history.getByLabel('Filter runs').fill('sgd');
  await expect(history.getByRole('listbox', { name: 'Runs' }).getByRole('option')).toHaveCount(1);
  await history.getByLabel('Filter runs').fill('');
  await history.getByLabel('Sort runs').selectOption({ label: 'Lowest f' });
  await expect(history.getByRole('listbox', { name: 'Runs' }).getByRole('option').first()).toHaveAccessibleName(
    'Adam, fast',
  );

  // Delete and undo.
  await history.getByRole('option', { name: 'Adam, fast' }).click();
  await history.getByRole('button', { name: 'Delete' }).click();
  await expect(history.getByRole('listbox', { name: 'Runs' }).getByRole('option')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(history.getByRole('listbox', { name: 'Runs' }).getByRole('option')).toHaveCount(2);
  await expect(history.getByRole('option', { name: 'Adam, fast' })).toBeVisible();

  // Use settings, then re-run.
  await history.getByRole('option', { name: 'Run 1 · sgd' }).click();
  await history.getByRole('button', { name: 'Use settings' }).click();
  await expect(page.getByLabel('Optimizer')).toHaveValue('sgd');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.001');
  await history.getByRole('button', { name: 'Re-run' }).click();
  await expect(history.getByRole('listbox', { name: 'Runs' }).getByRole('option')).toHaveCount(3);
  await expect(result.getByRole('status')).toHaveText(/Reached max steps/);
  await page.screenshot({ path: testInfo.outputPath('history-final.png') });

  // A click on the chart sets the start point (Rosenbrock's domain is [-2, 2] × [-1, 3]).
  const chart = page.getByRole('img', { name: /Contour chart/ });
  const box = await chart.boundingBox();
  if (!box) throw new Error('the chart has no box');
  await chart.click({ position: { x: box.width * 0.55, y: box.height * 0.45 } });
  const x = Number(await page.getByLabel('Start x').inputValue());
  const y = Number(await page.getByLabel('Start y').inputValue());
  expect(x).toBeGreaterThan(-2);
  expect(x).toBeLessThan(2);
  expect(y).toBeGreaterThan(-1);
  expect(y).toBeLessThan(3);
  expect([x, y]).not.toEqual([-1.5, 2]);

  // Axis ranges: typed, applied, checked, and reset to the preset's domain.
  const ranges = page.getByRole('form', { name: 'Axis ranges' });
  await ranges.getByLabel('x from').fill('0.5');
  await ranges.getByLabel('to').first().fill('0');
  await ranges.getByRole('button', { name: 'Apply' }).click();
  await expect(ranges.getByRole('alert')).toHaveText('Each range must go from low to high');
  await ranges.getByLabel('to').first().fill('1.5');
  await ranges.getByRole('button', { name: 'Apply' }).click();
  await expect(ranges.getByRole('button', { name: 'Reset view' })).toBeEnabled();
  await expect(ranges.getByLabel('x from')).toHaveValue('0.5');
  await page.screenshot({ path: testInfo.outputPath('history-zoomed.png') });
  await ranges.getByRole('button', { name: 'Reset view' }).click();
  await expect(ranges.getByLabel('x from')).toHaveValue('-2');
  await expect(ranges.getByRole('button', { name: 'Reset view' })).toBeDisabled();
});
