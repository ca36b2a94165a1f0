/**
 * `npm run screenshots`: the studio's views in Debian's Chromium through the e2e harness, at the
 * two window sizes we design for, written to .tmp/screenshots/ to be looked at before a view is
 * called done. The library is seeded (300 jobs) so the History looks like an artist's.
 */
import { mkdir, mkdtemp, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeReplicate } from '../fake-server/fake-replicate';
import type { Page } from 'playwright-core';
import { launchApp } from '../e2e/harness';
import { seedLibrary } from '../test-support/seed-library';
import { sketchPng } from '../test-support/images';
import { dropFiles } from '../e2e/drop-file';
import { insertChunks, smallPng, tEXt } from '../test-support/recipe-pngs';

const outDir = join('.tmp', 'screenshots');
await mkdir(outDir, { recursive: true });
const server = await startFakeReplicate({ predictionMs: 300 });
const dataDir = await mkdtemp(join(tmpdir(), 'redraw-shots-'));
await seedLibrary(dataDir, { count: 300 });

/** Takes one view's picture, named for it and the window size, once the page has settled. */
function shooter(page: Page, viewport: { width: number; height: number }) {
  return async (name: string): Promise<void> => {
    await page.waitForTimeout(400);
    const file = join(outDir, `${name}-${viewport.width}x${viewport.height}.png`);
    await page.screenshot({ path: file });
    console.log(file);
  };
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  const app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, dataDir, viewport });
  const { page } = app;
  const shot = shooter(page, viewport);
  try {
    const history = page.getByRole('list', { name: 'History' });
    await history.getByRole('listitem').first().waitFor();
    await shot('history');

    await page.getByRole('searchbox', { name: 'Search history' }).fill('castle');
    await page.getByLabel('Group by').selectOption('sketch');
    await shot('history-search-grouped');
    await page.getByRole('searchbox', { name: 'Search history' }).fill('');
    await page.getByLabel('Group by').selectOption('day');
    await shot('history-by-day');
    await page.getByLabel('Group by').selectOption('none');

    await history.getByRole('listitem').nth(2).click();
    await page.getByRole('dialog', { name: 'Job details' }).waitFor();
    await shot('detail');

    await page.getByRole('button', { name: 'View output 1 full size' }).click();
    const viewer = page.getByRole('dialog', { name: 'Viewer' });
    await viewer.waitFor();
    await shot('viewer');
    await viewer.getByRole('button', { name: 'Compare' }).click();
    await viewer.getByRole('slider', { name: 'Compare with sketch' }).fill('40');
    await shot('viewer-compare');
    await viewer.getByRole('button', { name: 'Onion skin' }).click();
    await shot('viewer-onion');
    await viewer.getByRole('button', { name: 'Image', exact: true }).click();
    await viewer.getByRole('button', { name: '100%' }).click();
    await shot('viewer-100');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Job details' }).getByRole('button', { name: 'Close' }).click();

    // Batch re-runs: a selection, the dialog with a sweep, the batch while it runs, its contact sheet.
    const cards = history.getByRole('listitem');
    await cards.nth(0).getByRole('checkbox', { name: 'Select' }).check();
    await cards.nth(3).getByRole('checkbox', { name: 'Select' }).click({ modifiers: ['Shift'] });
    await shot('history-selection');
    // Export… of the selection: the toast with where it went and "Show in folder".
    await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Export…' }).click();
    await page.locator('.toast', { hasText: 'Exported 4 jobs' }).waitFor();
    await shot('export-toast');
    await page.getByRole('button', { name: 'Re-run selected' }).click();
    const batch = page.getByRole('dialog', { name: 'Batch re-run' });
    await batch.getByLabel('Prompt', { exact: true }).selectOption('append');
    await batch.getByLabel('Text to append to the prompt').fill('golden hour, oil painting');
    await batch.getByLabel('Prompt strength').fill('0.4, 0.6, 0.8');
    await batch.getByRole('status', { name: 'Batch estimate' }).waitFor();
    await shot('batch-dialog');
    await batch.getByRole('button', { name: 'Queue batch' }).click();
    await batch.waitFor({ state: 'hidden' });
    await shot('batches');
    const batches = page.getByRole('list', { name: 'Batches' });
    await batches.getByRole('listitem').first().getByText(/12 of 12 done/).waitFor({ timeout: 60_000 });
    await batches.getByRole('button', { name: 'Contact sheet' }).first().click();
    await page.getByRole('dialog', { name: 'Contact sheet' }).getByRole('table').waitFor();
    await shot('contact-sheet');
    await page.keyboard.press('Escape');

    // Several sketches dropped at once.
    const sketches = await Promise.all(['north.png', 'south.png', 'east.png'].map(async (name, i) => ({ name, mime: 'image/png', bytes: await sketchPng(320 + i * 40, 240) })));
    await dropFiles(page, page.getByRole('button', { name: 'Input image' }), sketches);
    await page.getByRole('dialog', { name: 'Queue sketches' }).getByRole('status', { name: 'Batch estimate' }).waitFor();
    await shot('queue-sketches');
    await page.keyboard.press('Escape');

    // An AUTOMATIC1111 image dropped on the parameters: its recipe fills them.
    const a1111 = insertChunks(await smallPng(), [
      tEXt('parameters', 'a lighthouse in a storm, dramatic\nNegative prompt: text, watermark\nSteps: 28, Sampler: DPM++ SDE, Schedule type: Karras, CFG scale: 6.5, Seed: 42, Size: 512x768, Model: dreamshaper_8, Denoising strength: 0.55'),
    ]);
    await dropFiles(page, page.getByLabel('Prompt', { exact: true }), [{ name: 'lighthouse.png', mime: 'image/png', bytes: a1111 }]);
    await page.getByRole('status', { name: 'Recipe' }).waitFor();
    await shot('recipe-dropped');
  } finally {
    await app.close();
  }
}

// Watching a sketch file: the Compose panel's status after two saves, a revision's details with
// its strip, the viewer comparing it with the revision before, and a watch paused by a delete.
for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  const watchedDir = await mkdtemp(join(tmpdir(), 'redraw-shots-watched-'));
  const watched = join(watchedDir, 'castle-study.kra.png');
  await writeFile(watched, await sketchPng(640, 480));
  const app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, dataDir: await mkdtemp(join(tmpdir(), 'redraw-shots-watch-')), viewport, pickImagePath: watched });
  const { page } = app;
  const shot = shooter(page, viewport);
  try {
    await page.getByLabel('Prompt', { exact: true }).fill('a castle on a hill at dusk, watercolour');
    await page.getByLabel('Seed').fill('7');
    await page.getByRole('button', { name: 'Watch a file…' }).click();
    const status = page.getByRole('status', { name: 'Watch' });
    await status.getByText('1 revision').waitFor();
    for (const width of [600, 560]) {
      await writeFile(`${watched}.saving`, await sketchPng(width, 480));
      await rename(`${watched}.saving`, watched);
      await status.getByText(`${width === 600 ? 2 : 3} revisions`).waitFor();
    }
    await page.getByRole('list', { name: 'History' }).getByRole('listitem').nth(2).getByText('Done').waitFor({ timeout: 30_000 });
    await page.getByRole('list', { name: 'History' }).getByRole('listitem').first().getByText('Done').waitFor({ timeout: 30_000 });
    await shot('watch-status');
    await status.getByRole('button', { name: 'Open revision 3' }).click();
    const details = page.getByRole('dialog', { name: 'Job details' });
    await details.getByRole('list', { name: 'Revisions of castle-study.kra.png' }).getByRole('button').nth(2).waitFor();
    await details.getByRole('heading', { name: 'Revision 3 of castle-study.kra.png' }).scrollIntoViewIfNeeded();
    await shot('detail-revision');
    await details.getByRole('button', { name: 'View output 1 full size' }).click();
    const viewer = page.getByRole('dialog', { name: 'Viewer' });
    await viewer.getByRole('button', { name: 'Compare', exact: true }).click();
    await viewer.getByRole('group', { name: 'Compare with' }).getByRole('button', { name: 'Previous revision' }).click();
    await viewer.getByRole('slider', { name: 'Compare with previous revision' }).fill('45');
    await shot('viewer-previous-revision');
    await page.keyboard.press('Escape');
    await details.getByRole('button', { name: 'Close' }).click();
    await unlink(watched);
    await status.getByText('watching is paused').waitFor();
    await shot('watch-paused');
  } finally {
    await app.close();
  }
}
await server.close();
