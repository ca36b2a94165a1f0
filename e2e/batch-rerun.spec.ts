import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { seedLibrary } from '../test-support/seed-library';
import { sketchPng } from '../test-support/images';
import { dropFiles } from './drop-file';
import { launchApp, type LaunchedApp } from './harness';

let server: FakeReplicate;
let app: LaunchedApp | null = null;
test.beforeEach(async () => {
  server = await startFakeReplicate({ predictionMs: 120 });
});
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
});

test('select 3 jobs, override the prompt, sweep strength: 6 predictions with a cost, exactly those inputs sent, shown as a contact sheet', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'redraw-e2e-batch-'));
  const seeded = await seedLibrary(dataDir, { count: 8, outputsPerJob: 1 });
  const saveDir = join(dataDir, '..', `${dataDir.split('/').pop() ?? 'batch'}-saved`);
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, dataDir, saveDir, viewport: { width: 1440, height: 900 } });
  const { page } = app;
  const history = page.getByRole('list', { name: 'History' });
  const cards = history.getByRole('listitem');
  await expect(cards.first()).toHaveAttribute('data-job-id', seeded[0]?.id ?? '');

  // One tick, then Shift on the third: the range between joins.
  await cards.nth(0).getByRole('checkbox', { name: 'Select' }).check();
  await cards.nth(2).getByRole('checkbox', { name: 'Select' }).click({ modifiers: ['Shift'] });
  await expect(page.getByRole('status', { name: 'Selection count' })).toHaveText('3 selected');
  await expect(cards.nth(1).getByRole('checkbox', { name: 'Select' })).toBeChecked();

  await page.getByRole('button', { name: 'Re-run selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Batch re-run' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Prompt', { exact: true }).selectOption('replace');
  await dialog.getByLabel('New prompt').fill('a lighthouse at dusk');
  await dialog.getByLabel('Prompt strength').fill('0.4, 0.7');
  const estimate = dialog.getByRole('status', { name: 'Batch estimate' });
  await expect(estimate).toContainText('6 predictions');
  await expect(estimate).toContainText(/estimated cost \$\d/);

  // A value the model would refuse is named before anything is sent.
  await dialog.getByLabel('Prompt strength').fill('0.4, 1.7');
  await expect(dialog.getByText('Prompt strength: 1.7 is outside 0-1')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Queue batch' })).toBeDisabled();
  await dialog.getByLabel('Prompt strength').fill('0.4, 0.7');
  await expect(estimate).toContainText('6 predictions');
  expect(server.stats().creates).toBe(0);

  await dialog.getByRole('button', { name: 'Queue batch' }).click();
  await expect(dialog).toBeHidden();
  const batches = page.getByRole('list', { name: 'Batches' });
  await expect(batches.getByRole('listitem')).toHaveCount(1);
  await expect(batches.getByRole('listitem').first()).toContainText('6 of 6 done', { timeout: 20_000 });

  // Exactly those six inputs reached the server: the new prompt, both strengths, each job's own seed.
  const sent = server.predictionInputs().map((input) => [input.prompt, input.prompt_strength, input.seed]);
  const seeds = seeded.slice(0, 3).map((job) => job.seedUsed);
  expect(sent.sort()).toEqual(seeds.flatMap((seed) => [['a lighthouse at dusk', 0.4, seed], ['a lighthouse at dusk', 0.7, seed]]).sort());

  // The contact sheet: jobs down, strengths across, every cell a picture.
  await batches.getByRole('button', { name: 'Contact sheet' }).click();
  const sheet = page.getByRole('dialog', { name: 'Contact sheet' });
  const table = sheet.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Strength 0.4' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Strength 0.7' })).toBeVisible();
  await expect(table.getByRole('rowheader')).toHaveText(['Job 1', 'Job 2', 'Job 3']);
  const cells = table.getByRole('button', { name: /^Job \d, Strength 0\.\d$/ });
  await expect(cells).toHaveCount(6);
  await expect.poll(() => cells.locator('img').evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length)).toBe(6);

  // A cell opens in the viewer; the sheet exports as one PNG.
  await cells.first().click();
  await expect(page.getByRole('dialog', { name: 'Viewer' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Viewer' })).toBeHidden();
  await sheet.getByRole('button', { name: 'Export PNG' }).click();
  await expect(page.getByText(/Contact sheet saved to/)).toBeVisible();
  // Escape closes the sheet, and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(batches.getByRole('button', { name: 'Contact sheet' })).toBeFocused();
  const [saved] = await readdir(saveDir);
  const meta = await sharp(join(saveDir, saved ?? '')).metadata();
  expect(meta.format).toBe('png');
  // Label margin + 2 columns of 256 px cells; a title row, a header row and 3 rows of cells.
  expect(meta.width).toBeGreaterThan(2 * 256);
  expect(meta.height).toBeGreaterThan(3 * 256);
});

test('several sketches dropped at once: one job each with the current parameters, estimated first', async () => {
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, viewport: { width: 1440, height: 900 } });
  const { page } = app;
  await page.getByLabel('Prompt', { exact: true }).fill('ink and wash harbour');
  const sketch = async (name: string, width: number) => ({ name, mime: 'image/png', bytes: await sketchPng(width, 240) });
  await dropFiles(page, page.getByRole('button', { name: 'Input image' }), [
    await sketch('north.png', 320),
    await sketch('south.png', 360),
    { name: 'notes.txt', mime: 'text/plain', bytes: Buffer.from('not a sketch') },
    await sketch('east.png', 400),
  ]);
  const dialog = page.getByRole('dialog', { name: 'Queue sketches' });
  await expect(dialog.getByRole('list', { name: 'Sketches' }).getByRole('listitem')).toHaveCount(3);
  await expect(dialog.getByRole('status', { name: 'Batch estimate' })).toContainText('3 predictions');
  await expect(dialog.getByRole('status', { name: 'Batch estimate' })).toContainText(/estimated cost \$\d/);
  expect(server.stats().creates).toBe(0);
  // The file that is not an image is named, not silently dropped.
  await expect(dialog.getByText(/One file was not used\. notes\.txt/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Queue 3 jobs' }).click();
  await expect(dialog).toBeHidden();

  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'Batches' }).getByRole('listitem').first()).toContainText('3 of 3 done', { timeout: 20_000 });
  expect(server.predictionInputs().map((input) => input.prompt)).toEqual(['ink and wash harbour', 'ink and wash harbour', 'ink and wash harbour']);
  // Each job has its own sketch: the sketch names find one job each.
  for (const name of ['north', 'south', 'east']) {
    await page.getByRole('searchbox', { name: 'Search history' }).fill(name);
    await expect(history.getByRole('listitem')).toHaveCount(1);
  }
});

test('several sketches chosen in the file dialog go the same way', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-e2e-pick-'));
  const paths = [join(dir, 'left.png'), join(dir, 'right.png')];
  for (const path of paths) await writeFile(path, await sketchPng(320, 240));
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, pickImagePaths: paths });
  const { page } = app;
  await page.getByRole('button', { name: 'Input image' }).click();
  const dialog = page.getByRole('dialog', { name: 'Queue sketches' });
  await expect(dialog.getByRole('list', { name: 'Sketches' }).getByRole('listitem')).toHaveText(['left.png', 'right.png']);
  await expect(dialog.getByRole('status', { name: 'Batch estimate' })).toContainText('2 predictions');
  await dialog.getByRole('button', { name: 'Queue 2 jobs' }).click();
  await expect.poll(() => server.stats().succeeded, { timeout: 20_000 }).toBe(2);
});
