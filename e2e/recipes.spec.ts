import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { sketchPng } from '../test-support/images';
import { insertChunks, smallPng, tEXt } from '../test-support/recipe-pngs';
import { dropFile } from './drop-file';
import { launchApp, type LaunchedApp } from './harness';

let server: FakeReplicate;
let app: LaunchedApp | null = null;
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
});

const A1111_TEXT =
  'a lighthouse in a storm, dramatic\nNegative prompt: text, watermark\nSteps: 28, Sampler: DPM++ SDE, Schedule type: Karras, CFG scale: 6.5, Seed: 42, Size: 512x768, Model: dreamshaper_8, Denoising strength: 0.55, Version: v1.9.4';

test('an AUTOMATIC1111 image dropped on the parameters fills them and says what it could not carry over; a Redraw output gives back its own', async () => {
  server = await startFakeReplicate({ predictionMs: 200 });
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  const prompt = page.getByLabel('Prompt', { exact: true });

  await dropFile(page, prompt, { name: 'lighthouse.png', mime: 'image/png', bytes: insertChunks(await smallPng(), [tEXt('parameters', A1111_TEXT)]) });
  const notice = page.getByRole('status', { name: 'Recipe' });
  await expect(notice).toContainText('Filled from lighthouse.png (AUTOMATIC1111)');
  await expect(prompt).toHaveValue('a lighthouse in a storm, dramatic');
  await expect(page.getByLabel('Negative prompt')).toHaveValue('text, watermark');
  await expect(page.getByLabel('Steps')).toHaveValue('28');
  await expect(page.getByLabel('Guidance scale')).toHaveValue('6.5');
  await expect(page.getByLabel('Prompt strength')).toHaveValue('0.55');
  await expect(page.getByLabel('Seed')).toHaveValue('42');
  await expect(notice).toContainText('Not carried over');
  await expect(notice).toContainText('DPM++ SDE');
  // The parameters took the recipe; the sketch was left alone.
  await expect(page.getByRole('img', { name: 'Input sketch preview' })).toHaveCount(0);

  // A Redraw output carries its exact recipe: generate, change the form, drop the output back.
  await dropFile(page, page.getByRole('button', { name: 'Input image' }), { name: 'harbour.png', mime: 'image/png', bytes: await sketchPng(320, 240) });
  await expect(page.getByRole('img', { name: 'Input sketch preview' })).toBeVisible();
  await prompt.fill('harbour at night');
  await page.getByLabel('Steps').fill('31');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText('Done', { timeout: 15_000 });
  const [jobId] = await readdir(join(app.dataDir, 'library/jobs'));
  const output = await readFile(join(app.dataDir, 'library/jobs', jobId ?? '', 'output-1.png'));
  await prompt.fill('something else');
  await page.getByLabel('Steps').fill('10');
  await dropFile(page, prompt, { name: 'output-1.png', mime: 'image/png', bytes: output });
  await expect(notice).toContainText('Filled from output-1.png (Redraw)');
  await expect(prompt).toHaveValue('harbour at night');
  await expect(page.getByLabel('Steps')).toHaveValue('31');
  await expect(page.getByLabel('Seed')).not.toHaveValue('');

  // An image with no recipe says so, and changes nothing.
  await dropFile(page, prompt, { name: 'plain.png', mime: 'image/png', bytes: await smallPng() });
  await expect(notice).toContainText('plain.png carries no recipe');
  await expect(prompt).toHaveValue('harbour at night');
});
