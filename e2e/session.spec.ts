import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, test } from './support/fixtures';

test('sessions: save, unsaved marker, new, open, export, a bad file, and the restore offer', async ({
  app,
}, testInfo) => {
  const { page } = app;
  page.on('dialog', (dialog) => void dialog.accept());
  const file = path.join(app.dataDir, 'experiment.dlab');
  const title = page.getByTestId('session-title');

  await page.getByLabel('Function').fill('(1 - x)^2 + 100 (y - x^2)^2');
  await page.getByLabel('Optimizer').selectOption({ label: 'Adam' });
  await page.getByLabel('Learning rate', { exact: true }).fill('0.01');
  await page.getByLabel('Steps').fill('500');
  await page.getByLabel('Start x').fill('-1.5');
  await page.getByLabel('Start y').fill('2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toHaveText(/Reached max steps/);
  await expect(title).toHaveText('Untitled •');

  await app.withFileDialog(file, () => page.getByRole('button', { name: 'Save As…' }).click());
  await expect(title).toHaveText('experiment.dlab');
  // A SQLite document: read as any SQLite client would.
  const saved = new DatabaseSync(file, { readOnly: true });
  expect(saved.prepare('PRAGMA application_id').get()?.application_id).toBe(0x444c4142);
  expect(saved.prepare('SELECT count(*) AS n FROM runs').get()?.n).toBe(1);
  const form = JSON.parse(String(saved.prepare("SELECT value FROM document WHERE key = 'form'").get()?.value)) as {
    learningRate: string;
  };
  expect(form.learningRate).toBe('0.01');
  saved.close();

  await page.getByLabel('Learning rate', { exact: true }).fill('0.5');
  await expect(title).toHaveText('experiment.dlab •');
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.01');
  await expect(title).toHaveText('experiment.dlab');

  const csv = path.join(app.dataDir, 'run.csv');
  await app.withFileDialog(csv, () => page.getByRole('button', { name: 'Export CSV…' }).click());
  await expect(page.getByRole('status').filter({ hasText: 'Exported to' })).toBeVisible();
  const lines = (await readFile(csv, 'utf8'))
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('# '));
  expect(lines[0]).toBe('step,x,y,f,gradNorm');
  expect(lines).toHaveLength(502);

  await page.getByRole('button', { name: 'New' }).click();
  await expect(title).toHaveText('Untitled');
  await expect(
    page.getByRole('region', { name: 'Run history' }).getByRole('listbox', { name: 'Runs' }).getByRole('option'),
  ).toHaveCount(0);

  await app.withFileDialog(file, () => page.getByRole('button', { name: 'Open…' }).click());
  await expect(title).toHaveText('experiment.dlab');
  await expect(page.getByLabel('Function')).toHaveValue('(1 - x)^2 + 100 (y - x^2)^2');
  await expect(
    page.getByRole('region', { name: 'Run history' }).getByRole('listbox', { name: 'Runs' }).getByRole('option'),
  ).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('session-opened.png') });

  const broken = path.join(app.dataDir, 'broken.dlab');
  await writeFile(broken, '{"format": "descent-lab-session", "schemaVersion": 1, "runs": [');
  await app.withFileDialog(broken, () => page.getByRole('button', { name: 'Open…' }).click());
  await expect(page.getByRole('alert').filter({ hasText: 'broken.dlab is not valid JSON' })).toBeVisible();
  await expect(title).toHaveText('experiment.dlab');
  expect(await readFile(broken, 'utf8')).toContain('"runs": [');
  await page.screenshot({ path: testInfo.outputPath('session-bad-file.png') });

  await app.restart();
  const restored = app.page;
  await expect(
    restored.getByRole('alert').filter({ hasText: 'previous session was restored with 1 run' }),
  ).toBeVisible();
  await expect(restored.getByLabel('Function')).toHaveValue('(1 - x)^2 + 100 (y - x^2)^2');
  await restored.getByRole('button', { name: 'Start afresh' }).click();
  await expect(
    restored.getByRole('region', { name: 'Run history' }).getByRole('listbox', { name: 'Runs' }).getByRole('option'),
  ).toHaveCount(0);
});

test('sessions: a .dlab file dropped on the window opens', async ({ app }) => {
  const { page } = app;
  const text = await readFile(path.join(__dirname, '../shared/session/fixtures/v1.dlab'), 'utf8');
  const transfer = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'dropped.dlab', { type: 'application/json' }));
    return data;
  }, text);
  await page.locator('.app').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(
    page.getByRole('region', { name: 'Run history' }).getByRole('listbox', { name: 'Runs' }).getByRole('option'),
  ).toHaveCount(1);
  await expect(page.getByLabel('Function')).toHaveValue('x^2 + y^2');
});
