import { expect, test } from './support/fixtures';

test("the article's experiment runs end to end and stays in the history after a restart", async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByLabel('Function').fill('x^2 + y^2');
  await page.getByLabel('Optimizer').selectOption({ label: 'SGD' });
  await page.getByLabel('Start x').fill('-3');
  await page.getByLabel('Start y').fill('4');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.1');
  await page.getByLabel('Steps').fill('100');
  await page.getByLabel('Gradient').selectOption({ label: 'central difference' });
  await page.getByLabel('h', { exact: true }).fill('1e-4');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const result = page.getByRole('region', { name: 'Result' });
  await expect(result.getByRole('status')).toHaveText(/Reached max steps/);
  await expect(result).toContainText('-6.11110793e-10');
  await expect(result).toContainText('8.14814391e-10');
  await page.screenshot({ path: testInfo.outputPath('article-run.png') });

  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('listbox', { name: 'Runs' }).getByRole('option')).toHaveCount(1);
  await expect(history).toContainText('x^2 + y^2');

  await app.restart();
  const restored = app.page.getByRole('region', { name: 'Run history' });
  await expect(restored.getByRole('listbox', { name: 'Runs' }).getByRole('option')).toHaveCount(1);
  await expect(restored).toContainText('Reached max steps');
  await restored.getByRole('listbox', { name: 'Runs' }).getByRole('option').first().click();
  await expect(app.page.getByRole('region', { name: 'Result' })).toContainText('-6.11110793e-10');
  await app.page.screenshot({ path: testInfo.outputPath('article-restored.png') });
});
