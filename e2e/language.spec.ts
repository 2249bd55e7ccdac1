import { expect, test } from './support/fixtures';

test('Japanese and English: switched in the header, kept after a reload', async ({ app }, testInfo) => {
  const { page } = app;
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Language').selectOption('ja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('button', { name: '実行', exact: true })).toBeVisible();
  await expect(page.locator('label[for="optimizer"]')).toHaveText('オプティマイザ');
  await page.getByRole('button', { name: '実行', exact: true }).click();
  await expect(page.getByRole('region', { name: '結果' }).getByRole('status')).toHaveText(/最大ステップ数に到達/);
  await page.screenshot({ path: testInfo.outputPath('japanese.png') });

  await page.reload();
  await expect(page.locator('[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('button', { name: '実行', exact: true })).toBeVisible();
  await page.getByLabel('言語').selectOption('en');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
});
