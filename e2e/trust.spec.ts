import { expect, test } from './support/fixtures';

// Everyday trust (issue #14): what a new user tripped over, each checked as they would do it.

test('notes belong to the run they were typed in; Ctrl+Enter in the notes box saves them, it does not start a run', async ({
  app,
}) => {
  const { page } = app;
  const history = page.getByRole('region', { name: 'Run history' });
  const runs = history.getByRole('listbox', { name: 'Runs' }).getByRole('option');
  const result = page.getByRole('region', { name: 'Result' });
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  await expect(result.getByRole('status')).toHaveText(/Reached max steps/);

  const notes = result.getByLabel('Notes');
  await notes.fill('first try');
  await notes.press('Control+Enter');
  await expect(history).toContainText('first try');
  await expect(runs).toHaveCount(1);

  // Typed, then a run started from the keyboard elsewhere: the text stays with Run 1.
  await notes.fill('first try, slow');
  await page.getByLabel('Steps').press('Control+Enter');
  await expect(runs).toHaveCount(2);
  await expect(result.getByRole('status')).toHaveText(/Reached max steps/);
  await expect(notes).toHaveValue('');
  await expect(history.getByRole('option', { name: 'Run 1 · sgd' })).toContainText('first try, slow');
  await expect(history.getByRole('option', { name: 'Run 2 · sgd' })).not.toContainText('first try');
});

test('rename: the box takes the focus, Enter keeps the name, Esc keeps the old one; several deletes undo one by one', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const history = page.getByRole('region', { name: 'Run history' });
  const runs = history.getByRole('listbox', { name: 'Runs' }).getByRole('option');
  const result = page.getByRole('region', { name: 'Result' });
  for (let k = 0; k < 3; k++) {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(runs).toHaveCount(k + 1);
    await expect(result.getByRole('status')).toHaveText(/Reached max steps/);
  }

  await history.getByRole('button', { name: 'Rename' }).click();
  const box = history.getByLabel('New name for Run 3 · sgd');
  await expect(box).toBeFocused();
  await page.keyboard.type('Not this');
  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();
  await expect(history.getByRole('button', { name: 'Rename' })).toBeFocused();
  await expect(history.getByRole('option', { name: 'Run 3 · sgd' })).toBeVisible();
  await expect(history.getByRole('option', { name: 'Not this' })).toHaveCount(0);

  // The filter says when nothing matches.
  await history.getByLabel('Filter runs').fill('no such run');
  await expect(history.getByRole('status')).toHaveText('No run matches “no such run”.');
  await history.getByLabel('Filter runs').fill('');

  // Two deletes, two undos (Ctrl+Z outside a text field), in reverse order.
  await history.getByRole('option', { name: 'Run 3 · sgd' }).click();
  await history.getByRole('button', { name: 'Delete' }).click();
  await history.getByRole('option', { name: 'Run 2 · sgd' }).click();
  await history.getByRole('button', { name: 'Delete' }).click();
  await expect(runs).toHaveCount(1);
  await page.locator('body').press('Control+z');
  await expect(runs).toHaveCount(2);
  await expect(history.getByRole('option', { name: 'Run 2 · sgd' })).toBeVisible();
  await page.locator('body').press('Control+z');
  await expect(runs).toHaveCount(3);
  await expect(history.getByRole('option', { name: 'Run 3 · sgd' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('undo-twice.png') });

  // Enter keeps the name typed, and the focus goes back to Rename.
  await history.getByRole('option', { name: 'Run 3 · sgd' }).click();
  await history.getByRole('button', { name: 'Rename' }).click();
  await page.keyboard.type('Best so far');
  await page.keyboard.press('Enter');
  await expect(history.getByRole('option', { name: 'Best so far' })).toBeVisible();
  await expect(history.getByRole('button', { name: 'Rename' })).toBeFocused();
});

test('New → discard leaves the new-session form; Revert asks before it throws changes away', async ({ app }) => {
  const { page } = app;
  const title = page.getByTestId('session-title');
  let answer = false;
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void (answer ? dialog.accept() : dialog.dismiss());
  });

  await app.withFileDialog(`${app.dataDir}/kept.dlab`, () => page.getByRole('button', { name: 'Save As…' }).click());
  await expect(title).toHaveText('kept.dlab');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.5');
  await expect(title).toHaveText('kept.dlab •');

  // Revert, declined: nothing changes. Accepted: back to the file.
  await page.getByRole('button', { name: 'Revert' }).click();
  expect(asked.at(-1)).toBe('Revert kept.dlab to the file as last saved? Your changes since then will be lost.');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.5');
  answer = true;
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.1');
  await expect(title).toHaveText('kept.dlab');

  // New, discarding an edit: the form is the new session's, not the discarded edit.
  await page.getByLabel('Function').fill('x^4 + y^2');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.3');
  await expect(title).toHaveText('kept.dlab •');
  await page.getByRole('button', { name: 'New' }).click();
  expect(asked.at(-1)).toBe('Discard the unsaved changes to kept.dlab?');
  await expect(title).toHaveText('Untitled');
  await expect(page.getByLabel('Function')).toHaveValue('x^2 + y^2');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.1');
});

test('Esc cancels a long run at any moment, even the moment it starts; the next run is not held up', async ({
  app,
}) => {
  const { page } = app;
  const status = page.getByRole('region', { name: 'Result' }).getByRole('status');
  await page.getByLabel('Steps').fill('100000000');
  await page.getByLabel('Learning rate', { exact: true }).fill('1e-9');
  for (const wait of [0, 300, 1500]) {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    if (wait > 0) await page.waitForTimeout(wait);
    await page.keyboard.press('Escape');
    await expect(status).toHaveText(/^Cancelled\s+— stopped at step \d+/);
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  }
  await page.getByLabel('Steps').fill('100');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status).toHaveText(/Reached max steps/);
});

test('one variable: the f range fields show the range drawn, and a range typed there is the one drawn', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const chart = page.getByRole('img', { name: /Contour chart/ });
  const ranges = page.getByRole('form', { name: 'Axis ranges' });
  await page.getByLabel('Function').fill('x^2');
  await expect(ranges.getByLabel('f from')).toBeVisible();
  // Drawn as the curve needs it (x from -5 to 5: f from 0 to 25, with a margin).
  await expect(chart).toHaveAccessibleDescription(/x from -5 to 5, f from -?\d/);
  await expect.poll(async () => Number(await ranges.getByLabel('f from').inputValue())).toBeLessThanOrEqual(0);
  await expect.poll(async () => Number(await ranges.getByLabel('to').nth(1).inputValue())).toBeGreaterThanOrEqual(25);

  await ranges.getByLabel('f from').fill('-10');
  await ranges.getByLabel('to').nth(1).fill('50');
  await ranges.getByRole('button', { name: 'Apply' }).click();
  await expect(chart).toHaveAccessibleDescription(/^x from -5 to 5, f from -10 to 50(;|$)/);
  await expect(ranges.getByLabel('f from')).toHaveValue('-10');
  await page.screenshot({ path: testInfo.outputPath('one-variable-f-range.png') });
  await ranges.getByRole('button', { name: 'Reset view' }).click();
  await expect(chart).not.toHaveAccessibleDescription(/f from -10 to 50/);
});

test('a run from the history is drawn over its own function, and the chart says whose function it shows', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const history = page.getByRole('region', { name: 'Run history' });
  const chart = page.getByRole('img', { name: /Contour chart/ });
  await page.getByLabel('Preset').selectOption({ label: 'Rosenbrock' });
  await page.getByLabel('Steps').fill('200');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toHaveText(
    /Converged|Reached max steps/,
  );
  // Rosenbrock's usual domain.
  await expect(chart).toHaveAccessibleDescription(/^x from -2 to 2, y from -1 to 3(;|$)/);

  // The form now holds another function: the chart shows it, without the Rosenbrock path on it.
  await page.getByLabel('Function').fill('log(x) + y^2');
  await expect(chart).toHaveAccessibleDescription(/^x from -5 to 5, y from -5 to 5(;|$)/);
  await expect(page.getByTestId('hidden-runs-note')).toHaveText(
    'Run 1 · newton descended another function: select it to see its path.',
  );

  // Choosing the run shows its own function, and says so.
  await history.getByRole('option', { name: 'Run 1 · newton' }).click();
  await expect(page.getByTestId('subject-note')).toContainText(
    'Showing the function of Run 1 · newton: f = (1 - x)^2 + 100 (y - x^2)^2 (the form holds another).',
  );
  await expect(chart).toHaveAccessibleDescription(/^x from -2 to 2, y from -1 to 3(;|$)/);
  await expect(page.getByTestId('hidden-runs-note')).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('run-over-its-own-function.png') });
  await expect(page.getByLabel('Function')).toHaveValue('log(x) + y^2');

  // And back to the form's.
  await page.getByRole('button', { name: 'Show the form’s function' }).click();
  await expect(page.getByTestId('subject-note')).toBeHidden();
  await expect(chart).toHaveAccessibleDescription(/^x from -5 to 5, y from -5 to 5(;|$)/);
});

test('a note shown before the language is switched is worded in the new language', async ({ app }) => {
  const { page } = app;
  await app.withFileDialog(`${app.dataDir}/note.dlab`, () => page.getByRole('button', { name: 'Save As…' }).click());
  await expect(page.getByRole('status').filter({ hasText: 'Saved note.dlab' })).toBeVisible();
  await page.getByLabel('Language').selectOption('ja');
  await expect(page.getByRole('status').filter({ hasText: 'note.dlab を保存しました' })).toBeVisible();
  await expect(page.getByText('Saved note.dlab')).toHaveCount(0);
});

test('the start is marked on the chart before a run and where a click puts it', async ({ app }, testInfo) => {
  const { page } = app;
  const chart = page.getByRole('img', { name: /Contour chart/ });
  await expect(chart).toHaveAccessibleDescription(/start marked at \(-3, 4\)$/);
  const box = await chart.boundingBox();
  if (!box) throw new Error('no chart');
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.6);
  await expect.poll(async () => Number(await page.getByLabel('Start x').inputValue())).toBeGreaterThan(0);
  const x = await page.getByLabel('Start x').inputValue();
  const y = await page.getByLabel('Start y').inputValue();
  await expect(chart).toHaveAccessibleDescription(new RegExp(`start marked at \\(${x}, ${y}\\)$`));
  await page.screenshot({ path: testInfo.outputPath('start-marked.png') });
  // Once a run is drawn, its own start marks it.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toHaveText(/Reached|Converged/);
  await expect(chart).not.toHaveAccessibleDescription(/start marked/);
});

test('choosing a card deep in a long history keeps Result and Loss in view; the layout fits small and large windows', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const history = page.getByRole('region', { name: 'Run history' });
  const runs = history.getByRole('listbox', { name: 'Runs' }).getByRole('option');
  const result = page.getByRole('region', { name: 'Result' });
  await page.getByLabel('Steps').fill('20');
  for (let k = 0; k < 8; k++) {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(runs).toHaveCount(k + 1);
  }
  await runs.last().click();
  await expect(history.getByRole('option', { name: 'Run 1 · sgd' })).toHaveAttribute('aria-selected', 'true');
  await expect(result.getByRole('status')).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('heading', { name: 'Loss' })).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('long-history.png') });
  for (const [width, height] of [
    [1024, 700],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expect(page.getByRole('img', { name: /Contour chart/ })).toBeInViewport({ ratio: 1 });
    // The chart's hint is read whole, not cut off.
    const readout = page.getByTestId('pointer-readout');
    await expect(readout).toContainText('wheel: zoom');
    expect(await readout.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(
      true,
    );
    await page.screenshot({ path: testInfo.outputPath(`layout-${width}x${height}.png`) });
  }
});

test('help: F1 or the header opens it, in the window’s language; closing gives the focus back', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await page.getByLabel('Steps').focus();
  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Descent Lab: help' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('heading', { name: 'Why −∇f is the way down' })).toBeVisible();
  await expect(help.getByText('Newton’s method', { exact: true })).toBeVisible();
  await expect(help.locator('.katex').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('help.png') });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(page.getByLabel('Steps')).toBeFocused();

  await page.getByLabel('Language').selectOption('ja');
  await page.getByRole('button', { name: 'ヘルプ' }).click();
  await expect(page.getByRole('dialog', { name: 'Descent Lab のヘルプ' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'なぜ −∇f の向きに下るのか' })).toBeVisible();
  await page.getByRole('button', { name: '閉じる' }).click();
  await expect(page.getByRole('button', { name: 'ヘルプ' })).toBeFocused();
});

test('the chart from the keyboard: arrows pan, + and − zoom, 0 resets, Enter sets the start at the centre', async ({
  app,
}) => {
  const { page } = app;
  const chart = page.getByRole('img', { name: /Contour chart/ });
  const from = page.getByLabel('x from');
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  await expect(from).toHaveValue('-4');
  await page.keyboard.press('+');
  await expect.poll(async () => Number(await from.inputValue())).toBeGreaterThan(-4);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Start x')).toHaveValue('1');
  await expect(page.getByLabel('Start y')).toHaveValue('0');
  await page.keyboard.press('0');
  await expect(from).toHaveValue('-5');
  await expect(chart).toBeFocused();
});

test('one notice at a time: the newest outcome takes the place of the last, and Undo is offered with a delete', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const notice = page.getByTestId('notice');
  await app.withFileDialog(`${app.dataDir}/missing.dlab`, () => page.getByRole('button', { name: 'Open…' }).click());
  await expect(notice).toHaveRole('alert');
  await expect(notice).toContainText('missing.dlab');
  await expect(notice).toContainText('no such file');

  await page.getByLabel('Steps').fill('10');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const history = page.getByRole('region', { name: 'Run history' });
  await history.getByRole('button', { name: 'Delete' }).click();
  await expect(notice).toHaveCount(1);
  await expect(notice).toHaveRole('status');
  await expect(notice).toContainText('Deleted Run 1 · sgd.');
  await page.screenshot({ path: testInfo.outputPath('one-notice.png') });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(history.getByRole('option', { name: 'Run 1 · sgd' })).toBeVisible();
  await expect(notice).toHaveCount(0);
});
