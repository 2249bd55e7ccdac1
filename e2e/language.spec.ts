import { writeFile } from 'node:fs/promises';
import path from 'node:path';
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

test("Japanese everywhere: the engine's and main's messages, run names and the title", async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByLabel('Language').selectOption('ja');
  const title = page.getByTestId('session-title');
  await expect(title).toHaveText('無題');

  // An expression error from the engine, with its column.
  const field = page.getByLabel('関数', { exact: true });
  await field.fill('x^2 + foo(y)');
  await expect(page.locator('#function-help')).toContainText('関数 foo(…) は使えません');
  await expect(page.locator('#function-help')).toContainText('（7 文字目）');
  await field.fill('x^2 + y^2');

  // A hyper-parameter refused by the spec schema, the field named in Japanese.
  const rate = page.getByLabel('学習率', { exact: true });
  await rate.fill('-1');
  await expect(page.getByRole('form').getByRole('alert')).toHaveText('学習率は 0 より大きくしてください（入力: -1）');
  await rate.fill('0.1');

  // A run named by main, and its reason from the engine.
  await page.getByRole('button', { name: '実行', exact: true }).click();
  const result = page.getByRole('region', { name: '結果' });
  await expect(result).toContainText('ステップ数の上限（100）に達しました');
  await expect(page.getByRole('listbox', { name: '実行' }).getByRole('option', { name: '実行 1 · sgd' })).toBeVisible();
  await expect(title).toHaveText('無題 •');
  await page.screenshot({ path: testInfo.outputPath('japanese-messages.png') });

  // A file main cannot read, said in Japanese.
  const broken = path.join(app.dataDir, 'broken.dlab');
  await writeFile(broken, '{"format": "descent-lab-session", "runs": [');
  page.on('dialog', (dialog) => void dialog.accept());
  await app.withFileDialog(broken, () => page.getByRole('button', { name: '開く…' }).click());
  const problem = page.getByRole('alert').filter({ hasText: 'broken.dlab' });
  await expect(problem).toContainText('broken.dlab は正しい JSON ではありません');

  // Switching back re-words what is already on screen.
  await page.getByLabel('言語').selectOption('en');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('Reached the step limit (100)');
  await expect(problem).toContainText('broken.dlab is not valid JSON');
  await expect(title).toHaveText('Untitled •');
});

test('default run names are shown in the language shown now, numbered on across languages; a typed name is kept', async ({
  app,
}) => {
  const { page } = app;
  const history = page.getByRole('region', { name: 'Run history' });
  await page.getByLabel('Steps').fill('10');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(history.getByRole('option', { name: 'Run 1 · sgd' })).toBeVisible();
  await history.getByRole('button', { name: 'Rename' }).click();
  await page.keyboard.type('Baseline');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(history.getByRole('option', { name: 'Run 2 · sgd' })).toBeVisible();

  await page.getByLabel('Language').selectOption('ja');
  const listed = page.getByRole('region', { name: '実行履歴' }).getByRole('option');
  await expect(listed.filter({ hasText: '実行 2 · sgd' })).toHaveCount(1);
  await expect(listed.filter({ hasText: 'Run 2' })).toHaveCount(0);
  await page.getByRole('button', { name: '実行', exact: true }).click();
  await expect(listed.filter({ hasText: '実行 3 · sgd' })).toHaveCount(1);
  await expect(listed.filter({ hasText: 'Baseline' })).toHaveCount(1);

  await page.getByLabel('言語').selectOption('en');
  await expect(history.getByRole('option', { name: 'Run 3 · sgd' })).toBeVisible();
  await expect(history.getByRole('option', { name: 'Run 2 · sgd' })).toBeVisible();
  await expect(history.getByRole('option', { name: 'Baseline' })).toBeVisible();
});
