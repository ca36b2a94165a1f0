import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { sketchPng } from '../test-support/images';
import { launchApp, type LaunchedApp } from './harness';

let server: FakeReplicate;
let app: LaunchedApp | null = null;
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
});

test('pick a file, then use a result: its parameters, an output as input, save as, show in folder', async () => {
  server = await startFakeReplicate({ predictionMs: 200 });
  const files = await mkdtemp(join(tmpdir(), 'redraw-e2e-files-'));
  const picked = join(files, 'from-the-dialog.png');
  await writeFile(picked, await sketchPng(900, 600));
  const saveDir = join(files, 'saved');
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, pickImagePath: picked, saveDir });
  const { page } = app;

  // The file dialog runs in main; here it answers with `picked`.
  await page.getByRole('button', { name: 'Input image' }).click();
  const preview = page.getByRole('img', { name: 'Input sketch preview' });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(900);
  await expect(page.getByText('from-the-dialog.png').first()).toBeVisible();

  await page.getByLabel('Prompt', { exact: true }).fill('harbour at night');
  await page.getByLabel('Steps').fill('40');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText('Done', { timeout: 15_000 });

  // Change the draft, then take the job's parameters back.
  await page.getByLabel('Prompt', { exact: true }).fill('something else');
  await page.getByLabel('Steps').fill('10');
  await page.getByRole('list', { name: 'History' }).getByRole('listitem').first().click();
  const details = page.getByRole('dialog', { name: 'Job details' });
  await details.getByRole('button', { name: 'Use these parameters' }).click();
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('harbour at night');
  await expect(page.getByLabel('Steps')).toHaveValue('40');

  await details.getByRole('button', { name: 'Save as…' }).first().click();
  // The copy is written beside the target first (a hidden partial file), then renamed into place.
  const savedFiles = async (): Promise<string[]> => (await readdir(saveDir).catch(() => [])).filter((name) => !name.startsWith('.'));
  await expect.poll(async () => (await savedFiles()).length).toBe(1);
  const [saved] = await savedFiles();
  expect((await sharp(join(saveDir, saved ?? '')).metadata()).format).toBe('png');

  await details.getByRole('button', { name: 'Show in folder' }).first().click();
  await expect.poll(() => app?.shownInFolder.length).toBe(1);
  expect(app.shownInFolder[0]).toMatch(/library\/jobs\/.+\/output-1\.png$/);

  await details.getByRole('button', { name: 'Use as input' }).first().click();
  await expect.poll(async () => (await preview.getAttribute('src')) ?? '').not.toContain('from-the-dialog');
  await expect(page.getByText(/output-1\.png/).first()).toBeVisible();
});

test('remove the token: generating is no longer possible, and settings say so', async () => {
  server = await startFakeReplicate();
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText(/Token set/)).toBeVisible();
  await page.getByRole('button', { name: 'Remove token' }).click();
  await expect(page.getByText('No token set')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled();
});
