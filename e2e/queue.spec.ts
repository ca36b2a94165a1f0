import { expect, test, type Page } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { sketchPng } from '../test-support/images';
import { dropFile } from './drop-file';
import { launchApp, type LaunchedApp } from './harness';

let server: FakeReplicate;
let app: LaunchedApp | null = null;
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
});

async function stageSketch(page: Page): Promise<void> {
  await dropFile(page, page.getByRole('button', { name: 'Input image' }), { name: 's.png', mime: 'image/png', bytes: await sketchPng(320, 240) });
  await expect(page.getByRole('img', { name: 'Input sketch preview' })).toBeVisible();
}

async function setConcurrency(page: Page, value: number): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Concurrent jobs').fill(String(value));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
}

test('the queue shows what runs and what waits; jobs move up and are all canceled', async () => {
  // Long enough that nothing finishes before "Cancel all", however slow the machine.
  server = await startFakeReplicate({ predictionMs: 30_000, maxWaitSeconds: 1 });
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  await setConcurrency(page, 1);
  await stageSketch(page);
  for (const prompt of ['first', 'second', 'third']) {
    await page.getByLabel('Prompt', { exact: true }).fill(prompt);
    await page.getByRole('button', { name: 'Generate' }).click();
  }
  const queue = page.getByRole('list', { name: 'Queue' });
  await expect(queue.getByRole('listitem')).toHaveCount(3);
  await expect(queue.getByRole('listitem').nth(0)).toContainText('first');
  await expect(queue.getByRole('listitem').nth(0)).toContainText(/Generating|Starting|Submitting/, { timeout: 15_000 });
  await expect(queue.getByRole('listitem').nth(2)).toContainText('third');
  await expect(page.getByRole('progressbar', { name: 'Queue progress' })).toBeVisible();

  await queue.getByRole('listitem').nth(2).getByRole('button', { name: 'Move to front' }).click();
  await expect(queue.getByRole('listitem').nth(1)).toContainText('third');
  await expect(queue.getByRole('listitem').nth(2)).toContainText('second');

  await page.getByRole('button', { name: 'Cancel all' }).click();
  await expect(queue.getByRole('listitem')).toHaveCount(0);
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(history.getByRole('listitem').nth(i)).toContainText(/Canceled/);
  // Only the running job ever reached the server; the waiting ones were canceled with no request.
  expect(server.stats().creates).toBe(1);
  await expect.poll(() => server.stats().canceled).toBe(1);
});

test('offline: the header says so, the job waits, and it goes out when the server is back', async () => {
  server = await startFakeReplicate({ predictionMs: 300 });
  const port = Number(new URL(server.baseUrl).port);
  const token = server.token;
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: token });
  const { page } = app;
  const connection = page.getByRole('status', { name: 'Connection' });
  await expect(connection).toContainText('Online');
  await server.close();
  await stageSketch(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(connection).toContainText('Offline', { timeout: 15_000 });
  // The job says what it waits for, with no estimate: nothing moves until the network is back.
  const jobStatus = page.getByRole('status', { name: 'Job status' });
  await expect(jobStatus).toContainText('Waiting for the network');
  await expect(jobStatus).not.toContainText(/Submitting|left/);
  // The history and drafting keep working meanwhile.
  await expect(page.getByRole('list', { name: 'History' }).getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Prompt', { exact: true }).fill('drafting offline');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();

  server = await startFakeReplicate({ predictionMs: 300, port, token });
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText('Done', { timeout: 30_000 });
  await expect(connection).toContainText('Online');
  expect(server.stats().creates).toBe(1);
});

test('a job shows how long it has been going from the moment it is sent, before the model reports a step', async () => {
  // The create call holds its answer for a few seconds: the model's first step is not known before.
  server = await startFakeReplicate({ predictionMs: 8_000 });
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  await stageSketch(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  const jobStatus = page.getByRole('status', { name: 'Job status' });
  await expect(jobStatus).toContainText(/Submitting|Starting/);
  await expect(jobStatus).toContainText(/[0-9]+ s so far/);
  // Then the model's own steps take over.
  await expect(jobStatus).toContainText(/step [0-9]+ of/, { timeout: 15_000 });
  await expect(jobStatus).not.toContainText('so far');
});

test('a batch re-run from the history, and retrying failed jobs', async () => {
  server = await startFakeReplicate({ predictionMs: 200, failPrompt: 'doomed' });
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  await stageSketch(page);
  await page.getByLabel('Prompt', { exact: true }).fill('doomed castle');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText('Failed', { timeout: 15_000 });

  server.configure({ failPrompt: 'never matches anything' });
  await page.getByRole('button', { name: /Retry failed \(1\)/ }).click();
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText('Done', { timeout: 15_000 });

  const history = page.getByRole('list', { name: 'History' });
  await history.getByRole('listitem').first().click();
  const details = page.getByRole('dialog', { name: 'Job details' });
  await details.getByLabel('Copies').fill('3');
  await details.getByRole('button', { name: 'Run again' }).click();
  // Counted as the History says it: beside the open details the gallery is one card wide, and
  // only the cards on screen (and one row beyond) are in the page.
  await expect(page.getByRole('status', { name: 'History count' })).toHaveText('4 jobs');
  await expect.poll(() => server.stats().succeeded, { timeout: 20_000 }).toBe(4);

  // The same seed, reproduced: the server gets the seed the first job used.
  const used = server.predictionInputs().map((input) => input.seed);
  expect(used.slice(1).every((seed) => seed === undefined)).toBe(true);
  await details.getByLabel('Seed', { exact: true }).selectOption('same');
  await details.getByLabel('Copies').fill('1');
  await details.getByRole('button', { name: 'Run again' }).click();
  await expect.poll(() => server.stats().succeeded, { timeout: 20_000 }).toBe(5);
  const seedOfFirst = await details.locator('.detail-list').first().innerText();
  const [same] = server.predictionInputs().slice(-1);
  expect(typeof same?.seed).toBe('number');
  expect(seedOfFirst).toContain(String(same?.seed));

  // "Use these parameters" keeps that seed; "New seed" goes back to random.
  await details.getByRole('button', { name: 'Use these parameters' }).click();
  const seedField = page.getByRole('spinbutton', { name: 'Seed' });
  await expect(seedField).toHaveValue(String(same?.seed));
  await page.getByRole('button', { name: 'New seed' }).click();
  await expect(seedField).toHaveValue('');

  // A re-run's detail says what it changed from the original (here: only a new seed).
  await history.getByRole('listitem').nth(1).click();
  await expect(page.getByLabel('Changed from the original')).toContainText(/Seed \d+ → random/);
});
