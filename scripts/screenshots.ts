/**
 * `npm run screenshots`: the studio's views in Debian's Chromium through the e2e harness, at the
 * two window sizes we design for, written to .tmp/screenshots/ to be looked at before a view is
 * called done. The library is seeded (300 jobs) so the History looks like an artist's.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeReplicate } from '../fake-server/fake-replicate';
import { launchApp } from '../e2e/harness';
import { seedLibrary } from '../test-support/seed-library';
import { sketchPng } from '../test-support/images';
import { dropFiles } from '../e2e/drop-file';

const outDir = join('.tmp', 'screenshots');
await mkdir(outDir, { recursive: true });
const server = await startFakeReplicate({ predictionMs: 300 });
const dataDir = await mkdtemp(join(tmpdir(), 'redraw-shots-'));
await seedLibrary(dataDir, { count: 300 });

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  const app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, dataDir, viewport });
  const { page } = app;
  const shot = async (name: string): Promise<void> => {
    await page.waitForTimeout(400);
    const file = join(outDir, `${name}-${viewport.width}x${viewport.height}.png`);
    await page.screenshot({ path: file });
    console.log(file);
  };
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
  } finally {
    await app.close();
  }
}
await server.close();
