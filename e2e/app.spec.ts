import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { sketchPng } from '../test-support/images';
import { dropFile } from './drop-file';
import { launchApp, type LaunchedApp } from './harness';
import { listFilesDeep } from '../test-support/list-files';

let server: FakeReplicate;
let app: LaunchedApp | null = null;

test.beforeEach(async () => {
  // Long enough that the create's wait ends first and progress streams in live.
  server = await startFakeReplicate({ predictionMs: 2_500, maxWaitSeconds: 1 });
});
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
});

test('an artist sets the token, drops a sketch, generates, and finds the result in the history', async () => {
  app = await launchApp({ apiBaseUrl: server.baseUrl });
  const { page } = app;
  const browserRequests: string[] = [];
  page.on('request', (request) => browserRequests.push(request.url()));

  // First start: no token yet, so settings are open.
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.getByLabel('API token').fill(server.token);
  await expect(page.getByLabel('API base URL')).toHaveValue(server.baseUrl);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/Token set/)).toContainText(server.token.slice(-4));
  await expect(page.getByLabel('API token')).toHaveValue('');

  await dropFile(page, page.getByRole('button', { name: 'Input image' }), {
    name: 'mountains.png',
    mime: 'image/png',
    bytes: await sketchPng(1600, 1200),
  });
  const preview = page.getByRole('img', { name: 'Input sketch preview' });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1024);

  await page.getByLabel('Prompt', { exact: true }).fill('a castle on a cliff at dusk');
  await page.getByLabel('Negative prompt').fill('blurry');
  await page.getByLabel('Scheduler').selectOption('K_EULER');
  await page.getByLabel('Number of outputs').fill('2');
  await page.getByLabel('Guidance scale').fill('9');
  await page.getByLabel('Prompt strength').fill('0.6');
  await page.getByLabel('Steps').fill('30');
  await page.getByLabel('Seed').fill('1234');

  await page.getByRole('button', { name: 'Generate' }).click();
  const progress = page.getByRole('progressbar', { name: 'Progress', exact: true });
  // Live progress: a value strictly between 0 and 100 is seen while the job runs.
  await expect
    .poll(
      async () => {
        const value = Number((await progress.getAttribute('value')) ?? 0);
        return value > 0 && value < 100;
      },
      { timeout: 20_000, intervals: [50] },
    )
    .toBe(true);
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText(/Done/, { timeout: 20_000 });

  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history.getByRole('listitem').first()).toContainText('a castle on a cliff');

  await history.getByRole('listitem').first().click();
  const details = page.getByRole('dialog', { name: 'Job details' });
  await expect(details.getByRole('img', { name: 'Output 1' })).toBeVisible();
  await expect(details.getByRole('img', { name: 'Output 2' })).toBeVisible();
  await expect.poll(() => details.getByRole('img', { name: 'Output 2' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1024);
  await expect(details).toContainText('K_EULER');
  await expect(details).toContainText('1234');
  await expect(details).toContainText('100%');
  // What the artist set is exactly what the server received.
  const predictionIds = new Set(
    server.requests.map((r) => /^\/v1\/(?:predictions|stream)\/([a-z0-9]+)/.exec(r.path)?.[1]).filter((id): id is string => id !== undefined),
  );
  expect(predictionIds.size).toBe(1);
  expect(server.prediction([...predictionIds][0] ?? '')).toMatchObject({
    input: {
      prompt: 'a castle on a cliff at dusk',
      negative_prompt: 'blurry',
      scheduler: 'K_EULER',
      num_outputs: 2,
      guidance_scale: 9,
      prompt_strength: 0.6,
      num_inference_steps: 30,
      seed: 1234,
    },
  });

  // The token is nowhere in the page: not the DOM, not storage, not a window global.
  const leaks = await page.evaluate((token) => {
    const found: string[] = [];
    if (document.documentElement.outerHTML.includes(token)) found.push('DOM');
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i) ?? '';
        if (key.includes(token) || (storage.getItem(key) ?? '').includes(token)) found.push(`storage:${key}`);
      }
    }
    for (const key of Object.getOwnPropertyNames(window)) {
      try {
        const value = (window as unknown as Record<string, unknown>)[key];
        const text = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? JSON.stringify(value) : '';
        if (text?.includes(token)) found.push(`window.${key}`);
      } catch {
        // Cyclic or inaccessible values hold no copy we could read either.
      }
    }
    return found;
  }, server.token);
  expect(leaks).toEqual([]);

  // The page itself talked to nothing but its own origin, and no non-API request carried the token.
  const origin = new URL(page.url()).origin;
  expect(browserRequests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
  const apiHost = new URL(server.baseUrl).host;
  for (const request of server.requests) {
    const host = request.origin === 'api' ? apiHost : new URL(server.outputsOrigin).host;
    if (host !== apiHost) expect(request.headers.authorization).toBeUndefined();
  }
  // Reopen on the same data: the history is still there, and it works with the server gone.
  const dataDir = app.dataDir;
  await app.close();
  await server.close();
  // Every file the app wrote, once its writes have landed: no token in any of them.
  for (const file of await listFilesDeep(dataDir)) {
    expect((await readFile(file)).includes(Buffer.from(server.token)), file).toBe(false);
  }
  app = await launchApp({ apiBaseUrl: server.baseUrl, dataDir });
  const reopened = app.page.getByRole('list', { name: 'History' });
  await expect(reopened.getByRole('listitem')).toHaveCount(1);
  await reopened.getByRole('listitem').first().click();
  const again = app.page.getByRole('dialog', { name: 'Job details' });
  await expect.poll(() => again.getByRole('img', { name: 'Output 1' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1024);

  // Delete: the item and its files go.
  const jobDirs = await readdir(join(dataDir, 'library', 'jobs'));
  expect(jobDirs).toHaveLength(1);
  await again.getByRole('button', { name: 'Delete' }).click();
  await again.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(reopened.getByRole('listitem')).toHaveCount(0);
  await expect(stat(join(dataDir, 'library', 'jobs', jobDirs[0] ?? 'x'))).rejects.toThrow();
  server = await startFakeReplicate();
});

test('a wrong file is refused with a clear message and changes nothing', async () => {
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  const dropZone = page.getByRole('button', { name: 'Input image' });
  await dropFile(page, dropZone, { name: 'first.png', mime: 'image/png', bytes: await sketchPng(800, 600) });
  const preview = page.getByRole('img', { name: 'Input sketch preview' });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
  const before = await preview.getAttribute('src');

  const png = await sketchPng(400, 300);
  await dropFile(page, dropZone, { name: 'broken.png', mime: 'image/png', bytes: png.subarray(0, png.length / 2) });
  await expect(page.getByRole('alert')).toContainText(/broken\.png.*damaged/);
  await dropFile(page, dropZone, { name: 'empty.png', mime: 'image/png', bytes: Buffer.alloc(0) });
  await expect(page.getByRole('alert')).toContainText(/empty/i);
  await dropFile(page, dropZone, { name: 'notes.txt', mime: 'text/plain', bytes: Buffer.from('hello') });
  await expect(page.getByRole('alert')).toContainText(/PNG, JPEG or WebP/);
  await expect(preview).toHaveAttribute('src', before ?? '');
});

test('out-of-range values cannot be submitted', async () => {
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  await dropFile(page, page.getByRole('button', { name: 'Input image' }), { name: 's.png', mime: 'image/png', bytes: await sketchPng(300, 200) });
  await expect(page.getByRole('img', { name: 'Input sketch preview' })).toBeVisible();
  const generate = page.getByRole('button', { name: 'Generate' });
  await expect(generate).toBeEnabled();
  for (const [label, bad, good] of [
    ['Number of outputs', '9', '1'],
    ['Guidance scale', '25', '7.5'],
    ['Prompt strength', '1.5', '0.8'],
    ['Steps', '0', '25'],
    ['Seed', '-3', ''],
  ] as const) {
    await page.getByLabel(label, { exact: true }).fill(bad);
    await expect(page.getByLabel(label, { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(generate).toBeDisabled();
    await page.getByLabel(label, { exact: true }).fill(good);
    await expect(generate).toBeEnabled();
  }
  expect(server.stats().creates).toBe(0);
});

test('cancel stops a running job on the server', async () => {
  server.configure({ predictionMs: 8_000 });
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token });
  const { page } = app;
  await dropFile(page, page.getByRole('button', { name: 'Input image' }), { name: 's.png', mime: 'image/png', bytes: await sketchPng(300, 200) });
  await expect(page.getByRole('img', { name: 'Input sketch preview' })).toBeVisible();
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText(/Generating/, { timeout: 15_000 });
  await page.getByRole('region', { name: 'New image' }).getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText(/Canceled/);
  await expect.poll(() => server.stats().canceled).toBe(1);
});

test('"Test connection" tries the pasted token before it is saved, and a refused token is never shown as set', async () => {
  app = await launchApp({ apiBaseUrl: server.baseUrl });
  const { page } = app;
  const settings = page.locator('#settings-panel');
  const status = settings.locator('.token-status');
  await expect(status).toHaveText('No token set');

  await page.getByLabel('API token').fill('r8_pasted_but_wrong');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(settings.getByText('Connection has problems.')).toBeVisible();
  await expect(settings.getByRole('list', { name: 'Connection checks' })).toContainText(/token was refused/);
  await expect(status).toHaveText('No token set');

  await page.getByLabel('API token').fill(server.token);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(settings.getByText('Connection works.')).toBeVisible();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(status).toHaveText(`Token set (…${server.token.slice(-4)})`);
  // The check was about the form before the save; it does not linger.
  await expect(settings.getByRole('list', { name: 'Connection checks' })).toHaveCount(0);

  // The account's token is revoked: the next job's call is refused, and the status says so.
  const savedLast4 = server.token.slice(-4);
  server.configure({ token: 'r8_fake_rotated_token_0000' });
  await dropFile(page, page.getByRole('button', { name: 'Input image' }), { name: 'a.png', mime: 'image/png', bytes: await sketchPng(320, 240) });
  await expect(page.getByRole('img', { name: 'Input sketch preview' })).toBeVisible();
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(status).toHaveText(`Token refused (…${savedLast4}): paste a new one`, { timeout: 15_000 });
  await expect(status).toHaveClass(/token-status--refused/);
});
