import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './support/fixtures';

test('function input: live validation with its column, typeset f and ∇f, the variables, presets with minima', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const field = page.getByLabel('Function');
  await field.fill('x^2 + sin(y');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#function-help')).toContainText('column');
  // The chart keeps the last function that parsed, and says so.
  await expect(page.getByTestId('stale-note')).toContainText('x^2 + y^2');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await field.fill('x^2 + 3*y^2');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await expect(page.locator('#function-help')).toHaveText('Variables: x, y');
  await expect(page.getByTestId('stale-note')).toBeHidden();
  await expect(page.getByRole('region', { name: 'Formula' }).locator('.katex')).toHaveCount(3);

  await page.getByLabel('Preset').selectOption({ label: 'Himmelblau' });
  await expect(field).toHaveValue(/\(x\^2 \+ y - 11\)\^2/);
  await expect(page.getByText('Four equal minima')).toBeVisible();
  await expect(page.getByRole('img', { name: /Contour chart/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('himmelblau.png') });
});

test('parameters: PyTorch names and defaults, a message for a bad value, start set by a click on the chart', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await page.getByLabel('Optimizer').selectOption({ label: 'Adam' });
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.001');
  await page.getByText('Hyper-parameters', { exact: true }).click();
  await expect(page.getByLabel('betas')).toHaveValue('0.9, 0.999');
  await page.getByLabel('betas').fill('0.9, 1.5');
  await expect(page.getByRole('form', { name: 'Experiment' }).getByRole('alert')).toHaveText(
    'Beta2 must be < 1, got 1.5',
  );
  await expect(page.getByLabel('betas')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('betas')).toHaveAccessibleDescription(/Beta2 must be < 1, got 1.5/);
  // Every invalid field is marked at once, each with its own words.
  await page.getByLabel('Start x').fill('abc');
  await page.getByLabel('Start y').fill('');
  await expect(page.getByRole('form', { name: 'Experiment' }).getByRole('alert')).toHaveText([
    'Beta2 must be < 1, got 1.5',
    'Start x must be a number, got "abc"',
    'Start y is required',
  ]);
  await expect(page.getByLabel('Start x')).toHaveAccessibleDescription('Start x must be a number, got "abc"');
  await page.screenshot({ path: testInfo.outputPath('bad-fields.png') });
  await page.getByLabel('Start x').fill('-3');
  await page.getByLabel('Start y').fill('4');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('bad-parameter.png') });
  await page.getByLabel('betas').fill('0.9, 0.999');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();

  // A click in the plot moves the start point there (x right of centre, y below it).
  const canvas = page.getByRole('img', { name: /Contour chart/ });
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no chart');
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.6);
  await expect.poll(async () => Number(await page.getByLabel('Start x').inputValue())).toBeGreaterThan(0);
  await expect.poll(async () => Number(await page.getByLabel('Start y').inputValue())).toBeLessThan(0);
});

test('contour chart: pointer readout with −∇f, wheel zoom resamples the view, Reset view, PNG export', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toHaveText(/Reached max steps/);
  const canvas = page.getByRole('img', { name: /Contour chart/ });
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no chart');
  const readout = page.getByTestId('pointer-readout');
  await expect(readout).toContainText('Point at the chart');
  // f = x² + y², so ∇f = (2x, 2y) wherever the pointer is.
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3);
  await expect(readout).toContainText('∇f = (');
  const text = (await readout.textContent()) ?? '';
  const [, px, py] = /x = (-?[\d.e-]+), y = (-?[\d.e-]+)/.exec(text) ?? [];
  const [, gx, gy] = /∇f = \((-?[\d.e-]+), (-?[\d.e-]+)\)/.exec(text) ?? [];
  expect(Number(gx)).toBeCloseTo(2 * Number(px), 1);
  expect(Number(gy)).toBeCloseTo(2 * Number(py), 1);
  await page.screenshot({ path: testInfo.outputPath('pointer-gradient.png') });
  // A wheel zoom under a still pointer: the same pixel is another point, and the readout says so.
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
  await expect.poll(async () => (await readout.textContent()) ?? '').not.toBe(text);
  await page.getByRole('button', { name: 'Reset view' }).click();

  // Zooming in narrows the ranges, which the view fields show; Reset view brings the default back.
  const from = page.getByLabel('x from');
  await expect(from).toHaveValue('-5');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
  await expect.poll(async () => Number(await from.inputValue())).toBeGreaterThan(-5);
  await page.screenshot({ path: testInfo.outputPath('zoomed.png') });
  await page.getByRole('button', { name: 'Reset view' }).click();
  await expect(from).toHaveValue('-5');

  const png = path.join(app.dataDir, 'contour.png');
  await app.withFileDialog(png, () => page.getByRole('button', { name: 'Save chart as PNG…' }).click());
  await expect(page.getByRole('status').filter({ hasText: 'Exported to' })).toBeVisible();
  const bytes = await readFile(png);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(10_000);
  // Drawn at the chosen size (2× by default, 3× here), with a caption band above the chart.
  const chart = await page.getByRole('img', { name: /Contour chart/ }).boundingBox();
  if (!chart) throw new Error('no chart');
  await page.getByLabel('Image size').selectOption('3');
  const large = path.join(app.dataDir, 'contour-3x.png');
  await app.withFileDialog(large, () => page.getByRole('button', { name: 'Save chart as PNG…' }).click());
  await expect.poll(async () => (await readFile(large).catch(() => Buffer.alloc(0))).length).toBeGreaterThan(10_000);
  const header = await readFile(large);
  // The PNG's IHDR: width and height, big-endian, at bytes 16 and 20.
  // Chart.js floors the canvas to whole pixels, so a fractional layout width may lose one.
  expect(Math.abs(header.readUInt32BE(16) - chart.width * 3)).toBeLessThan(1.5);
  expect(header.readUInt32BE(20)).toBeGreaterThan(Math.round(chart.height * 3) + 30);
});

test('more than two variables: choose the axes; the others are held at the start point, and the UI says so', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await page.getByLabel('Function').fill('x^2 + 2*y^2 + 3*z^2');
  await expect(page.getByLabel('Start z')).toBeVisible();
  await page.getByLabel('Start z').fill('1.5');
  await expect(page.getByTestId('slice-note')).toHaveText('A slice: z = 1.5 held at the start point’s values.');
  await page.getByLabel('Vertical axis').selectOption({ label: 'z' });
  await expect(page.getByTestId('slice-note')).toHaveText('A slice: y = 4 held at the start point’s values.');
  await expect(page.getByLabel('z from')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toHaveText(/Reached max steps/);
  await page.screenshot({ path: testInfo.outputPath('slice-xz.png') });
});
