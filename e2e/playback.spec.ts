import { expect, test } from './support/fixtures';

test('playback and the step inspector: the article’s first-order check at step 0, stepping, play to the end', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toHaveText(/Reached max steps/);

  const playback = page.getByRole('group', { name: 'Playback' });
  const slider = playback.getByRole('slider', { name: 'Step of the run' });
  await slider.fill('0');
  await expect(playback.getByTestId('playback-step')).toHaveText('step 0');
  const inspector = page.getByRole('region', { name: 'Step inspector' });
  await expect(inspector).toBeVisible();
  await expect(inspector.getByTestId('inspector-step')).toHaveText('step 0');
  // x = (−3, 4), η = 0.1: predicted −η‖∇f‖² = −10, actual 0.64·25 − 25 = −9.
  await expect(inspector.getByTestId('inspector-x')).toContainText('-3');
  await expect(inspector.getByText('Predicted Δf ≈ −η‖∇f‖²')).toBeVisible();
  expect(Number(await inspector.getByTestId('inspector-predicted').textContent())).toBeCloseTo(-10, 6);
  expect(Number(await inspector.getByTestId('inspector-actual').textContent())).toBeCloseTo(-9, 6);
  await page.screenshot({ path: testInfo.outputPath('inspector-step-0.png') });

  await playback.getByRole('button', { name: 'Step forward' }).click();
  await expect(inspector.getByTestId('inspector-step')).toHaveText('step 1');
  await expect(inspector.getByTestId('inspector-x')).toContainText('-2.4');
  await playback.getByRole('button', { name: 'Step back' }).click();
  await expect(playback.getByTestId('playback-step')).toHaveText('step 0');

  await playback.getByLabel('Speed').selectOption('300');
  await playback.getByRole('button', { name: 'Play' }).click();
  await expect(playback.getByTestId('playback-step')).toHaveText('step 100');
  await expect(playback.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(inspector.getByText('The run ended here')).toBeVisible();

  // Straight to either end.
  await expect(playback.getByRole('button', { name: 'Go to the end' })).toBeDisabled();
  await playback.getByRole('button', { name: 'Go to the start' }).click();
  await expect(playback.getByTestId('playback-step')).toHaveText('step 0');
  await expect(playback.getByRole('button', { name: 'Go to the start' })).toBeDisabled();
  await playback.getByRole('button', { name: 'Go to the end' }).click();
  await expect(playback.getByTestId('playback-step')).toHaveText('step 100');
});
