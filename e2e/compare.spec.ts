import { expect, test } from './support/fixtures';

test('compare optimizers: one run each from the same start, overlaid, each with its status', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await page.getByLabel('Preset').selectOption({ label: 'Booth' });
  await page.getByText('Compare optimizers').click();
  for (const name of ['sgd', 'adam', 'rmsprop', 'newton']) await page.getByTestId(`compare-${name}`).check();
  await page.getByLabel('Learning rate for Adam', { exact: true }).fill('0.1');
  await page.getByRole('button', { name: 'Run comparison' }).click();

  const runs = page.getByRole('region', { name: 'Run history' }).getByRole('listbox', { name: 'Runs' });
  await expect(runs.getByRole('option')).toHaveCount(4);
  for (const name of ['sgd', 'adam', 'rmsprop', 'newton'])
    await expect(runs.getByRole('option', { name: new RegExp(`· ${name}$`) })).toBeVisible();
  await expect(runs).not.toContainText('Running');
  // All four are drawn: the selected one and three overlays.
  await expect(runs.getByRole('checkbox', { checked: true })).toHaveCount(4);
  await expect(runs.getByRole('option', { name: /newton/ })).toContainText('Converged');
  await expect(runs.getByRole('option', { name: /adam/ })).toContainText('lr 0.1');
  await page.screenshot({ path: testInfo.outputPath('compare.png') });
});
