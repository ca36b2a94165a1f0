import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Job } from '../src/shared/job';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { sketchPng } from '../test-support/images';
import { seedLibrary } from '../test-support/seed-library';
import { dropFile } from './drop-file';
import { launchApp, type LaunchedApp } from './harness';

let server: FakeReplicate;
let app: LaunchedApp | null = null;
test.beforeEach(async () => {
  server = await startFakeReplicate({ predictionMs: 150 });
});
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
});

/** The words full-text search sees in a job: prompt, negative prompt and sketch file name. */
const words = (job: Job): string[] => `${job.params.prompt} ${job.params.negativePrompt} ${job.input.sourceName}`.toLowerCase().split(/[^a-z0-9]+/);
const matches = (job: Job, prefix: string): boolean => words(job).some((word) => word.startsWith(prefix));

async function generate(page: Page, prompt: string, outputs = 1): Promise<void> {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByLabel('Number of outputs').fill(String(outputs));
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status', { name: 'Job status' })).toContainText('Done', { timeout: 15_000 });
}

async function dropSketch(page: Page): Promise<void> {
  await dropFile(page, page.getByRole('button', { name: 'Input image' }), { name: 'hills.png', mime: 'image/png', bytes: await sketchPng(1200, 900) });
  await expect(page.getByRole('img', { name: 'Input sketch preview' })).toBeVisible();
}

/** The app against the fake server, on its own data folder (seeded with `count` jobs, or new). */
async function launch(dataDir?: string): Promise<LaunchedApp> {
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, dataDir });
  return app;
}

async function seeded(count: number): Promise<{ dataDir: string; jobs: Job[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'redraw-e2e-seeded-'));
  return { dataDir, jobs: await seedLibrary(dataDir, { count }) };
}

const zoomLevel = (viewer: Locator): Promise<number> => viewer.getByLabel('Zoom level').innerText().then((text) => Number.parseInt(text, 10));

test('search as you type, filter, favourite and group the History; the view survives a restart', async () => {
  const { dataDir, jobs } = await seeded(120);
  const before = await launch(dataDir);
  const { page } = before;
  const history = page.getByRole('list', { name: 'History' });
  const count = page.getByRole('status', { name: 'History count' });
  await expect(count).toHaveText('120 jobs');

  // Results as you type: a word's beginning is enough, and nothing needs Enter.
  const search = page.getByRole('searchbox', { name: 'Search history' });
  await search.pressSequentially('cast', { delay: 30 });
  const castle = jobs.filter((job) => matches(job, 'cast'));
  expect(castle.length).toBeGreaterThan(5);
  await expect(count).toHaveText(`${castle.length} jobs match`);
  await expect(history.getByRole('listitem').first()).toContainText(castle[0]?.params.prompt ?? '');

  await page.getByLabel('Status', { exact: true }).selectOption('failed');
  const failedCastles = castle.filter((job) => job.status === 'failed');
  await expect(count).toHaveText(`${failedCastles.length} ${failedCastles.length === 1 ? 'job' : 'jobs'} match`);
  await page.getByLabel('Status', { exact: true }).selectOption('any');

  // Favourite the first card, then show favourites only: it is among them, and nothing else is.
  const first = history.getByRole('listitem').first();
  await first.hover();
  await first.getByRole('button', { name: 'Favourite' }).click();
  await expect(first.getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByLabel('Favourites only').check();
  const favourites = castle.filter((job, i) => job.favourite || i === 0);
  await expect(count).toHaveText(`${favourites.length} ${favourites.length === 1 ? 'job' : 'jobs'} match`);
  for (const button of await history.getByRole('button', { name: 'Favourite' }).all()) await expect(button).toHaveAttribute('aria-pressed', 'true');

  // Group by sketch: one heading per sketch among the results.
  await page.getByLabel('Favourites only').uncheck();
  await page.getByLabel('Group by').selectOption('sketch');
  const sketches = new Set(castle.map((job) => job.input.sourceName));
  // Groups come newest first; only what is on screen is in the page, so the last group's heading
  // is looked for at the bottom.
  const section = page.getByRole('region', { name: 'History' });
  const ordered = [...sketches];
  expect(ordered.length).toBeGreaterThan(1);
  await expect(section.getByRole('heading', { level: 3 }).first()).toHaveText(ordered[0] ?? '');
  await page.locator('.gallery-scroller').evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(section.getByRole('heading', { level: 3, name: ordered.at(-1) })).toBeVisible();
  await page.locator('.gallery-scroller').evaluate((element) => element.scrollTo(0, 0));
  // "Only this sketch" narrows to it, shown as a chip that clears it.
  const [firstSketch] = [...sketches];
  await page.getByRole('button', { name: 'Only this sketch' }).first().click();
  const ofSketch = castle.filter((job) => job.input.sourceName === firstSketch);
  await expect(count).toHaveText(`${ofSketch.length} jobs match`);
  await expect(page.getByRole('button', { name: 'Clear sketch filter' })).toBeVisible();

  // Quit and start again on the same library: the same search, filters and grouping.
  await before.close();
  const again = (await launch(dataDir)).page;
  await expect(again.getByRole('searchbox', { name: 'Search history' })).toHaveValue('cast');
  await expect(again.getByLabel('Group by')).toHaveValue('sketch');
  await expect(again.getByRole('status', { name: 'History count' })).toHaveText(`${ofSketch.length} jobs match`);
  await again.getByRole('button', { name: 'Clear filters' }).click();
  await expect(again.getByRole('status', { name: 'History count' })).toHaveText('120 jobs');
  // The favourite made before the restart is still one.
  await again.getByLabel('Favourites only').check();
  const allFavourites = jobs.filter((job) => job.favourite || job.id === castle[0]?.id);
  await expect(again.getByRole('status', { name: 'History count' })).toHaveText(`${allFavourites.length} jobs match`);
});

test('the viewer: fit, 100%, zoom, pan, step through outputs, compare with the sketch, onion skin, copy, Escape', async () => {
  const viewed = await launch();
  const { page } = viewed;
  await dropSketch(page);
  await generate(page, 'rolling hills in spring', 2);
  await page.getByRole('list', { name: 'History' }).getByRole('listitem').first().click();
  const details = page.getByRole('dialog', { name: 'Job details' });
  const opener = details.getByRole('button', { name: 'View output 1 full size' });
  await opener.click();

  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('heading', { name: 'Output 1 of 2' })).toBeVisible();
  const image = viewer.getByRole('img', { name: 'Output 1' });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1024);
  // Fit: the whole image in the stage.
  await expect(viewer.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');
  const fitted = await image.boundingBox();
  const stage = await viewer.locator('.viewer-stage').boundingBox();
  expect(fitted && stage && fitted.width <= stage.width + 1 && fitted.height <= stage.height + 1).toBe(true);

  await viewer.getByRole('button', { name: '100%' }).click();
  await expect(viewer.getByLabel('Zoom level')).toHaveText('100%');
  expect(Math.round((await image.boundingBox())?.width ?? 0)).toBe(1024);
  await viewer.getByRole('button', { name: 'Zoom in' }).click();
  await expect(viewer.getByLabel('Zoom level')).toHaveText('150%');
  await page.keyboard.press('+');
  await expect(viewer.getByLabel('Zoom level')).toHaveText('200%');

  // Drag pans the zoomed image; the point under the cursor follows the pointer.
  const before = await image.boundingBox();
  const centre = { x: (stage?.x ?? 0) + (stage?.width ?? 0) / 2, y: (stage?.y ?? 0) + (stage?.height ?? 0) / 2 };
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  await page.mouse.move(centre.x + 120, centre.y + 60, { steps: 6 });
  await page.mouse.up();
  const after = await image.boundingBox();
  expect(Math.round((after?.x ?? 0) - (before?.x ?? 0))).toBe(120);
  expect(Math.round((after?.y ?? 0) - (before?.y ?? 0))).toBe(60);

  // Wheel zooms (here out), and 0 goes back to fit.
  await page.mouse.wheel(0, 400);
  await expect.poll(() => zoomLevel(viewer)).toBeLessThan(200);
  await page.keyboard.press('0');
  await expect(viewer.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');

  // Arrows step through the job's outputs (this is the only job: no neighbours to go on to).
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByRole('heading', { name: 'Output 2 of 2' })).toBeVisible();
  await expect(viewer.getByRole('img', { name: 'Output 2' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.getByRole('heading', { name: 'Output 1 of 2' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Previous' })).toBeDisabled();

  // Before/after against the sketch: the slider sets how much of the sketch shows.
  await viewer.getByRole('button', { name: 'Compare' }).click();
  const slider = viewer.getByRole('slider', { name: 'Compare with sketch' });
  await slider.fill('30');
  const sketch = viewer.getByRole('img', { name: 'Sketch' });
  await expect.poll(() => sketch.evaluate((img) => getComputedStyle(img).clipPath)).toBe('inset(0px 70% 0px 0px)');
  // Arrow keys on the slider move it, not the viewer.
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue('31');
  await expect(viewer.getByRole('heading', { name: 'Output 1 of 2' })).toBeVisible();

  await viewer.getByRole('button', { name: 'Onion skin' }).click();
  await viewer.getByRole('slider', { name: 'Sketch opacity' }).fill('80');
  await expect.poll(() => sketch.evaluate((img) => [getComputedStyle(img).opacity, getComputedStyle(img).mixBlendMode])).toEqual(['0.8', 'multiply']);

  await viewer.getByRole('button', { name: 'Copy image' }).click();
  await expect.poll(() => viewed.copiedImages.length).toBe(1);
  const copied = await sharp(viewed.copiedImages[0]).metadata();
  expect([copied.format, copied.width]).toEqual(['png', 1024]);
  await expect(page.getByText('Image copied to the clipboard')).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(opener).toBeFocused();
});

test('lineage: an output used as the next input links both ways', async () => {
  const { page } = await launch();
  await dropSketch(page);
  await generate(page, 'first pass of the valley');
  const history = page.getByRole('list', { name: 'History' });
  await history.getByRole('listitem').first().click();
  const details = page.getByRole('dialog', { name: 'Job details' });
  await expect(details.getByText('A file you brought in: hills.png')).toBeVisible();
  await details.getByRole('button', { name: 'Use as input' }).click();
  await generate(page, 'second pass of the valley');

  await expect(history.getByRole('listitem')).toHaveCount(2);
  await history.getByRole('listitem').first().click();
  await expect(details.getByText(/^Output 1 of/)).toBeVisible();
  await details.getByRole('button', { name: /first pass of the valley/ }).click();
  await expect(details.getByRole('list', { name: 'Used by' }).getByRole('button', { name: /second pass of the valley/ })).toBeVisible();
  await details.getByRole('list', { name: 'Used by' }).getByRole('button', { name: /second pass/ }).click();
  await expect(details.getByText(/^Output 1 of/)).toBeVisible();
});

test('5,000 jobs: the gallery scrolls from top to bottom with a bounded page', async () => {
  const { dataDir, jobs } = await seeded(5_000);
  const { page } = await launch(dataDir);
  const history = page.getByRole('list', { name: 'History' });
  await expect(page.getByRole('status', { name: 'History count' })).toHaveText('5,000 jobs');
  await expect(history.getByRole('listitem').first()).toContainText(jobs[0]?.params.prompt ?? '');

  // Scroll the gallery down three screens per frame (every screen would only slow the test: the
  // software renderer repaints a whole screen of new thumbnails each time), counting the cards.
  const most = await page.locator('.gallery-scroller').evaluate(async (element) => {
    let most = 0;
    while (element.scrollTop + element.clientHeight < element.scrollHeight - 1) {
      element.scrollBy(0, element.clientHeight * 3);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      most = Math.max(most, element.querySelectorAll('[role="listitem"]').length);
    }
    return most;
  });
  expect(most).toBeGreaterThan(0);
  expect(most).toBeLessThan(120);
  // The oldest job is at the end, with its place in the whole list, and its thumbnail painted.
  const last = history.getByRole('listitem').filter({ hasText: jobs.at(-1)?.params.prompt ?? '' });
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-posinset', '5000');
  await expect.poll(() => last.locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(384);
});
