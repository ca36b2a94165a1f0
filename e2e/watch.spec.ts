import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { sketchPng } from '../test-support/images';
import { launchApp, type LaunchedApp } from './harness';

let server: FakeReplicate;
let app: LaunchedApp | null = null;
let dir: string | null = null;
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

/** How a drawing app saves: a temporary file beside the sketch, renamed over it. */
async function saveLikeAnEditor(path: string, bytes: Buffer): Promise<void> {
  const temp = `${path}.saving`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

test('watching a file: each save the drawing app makes is a new revision, counted, linked and comparable', async () => {
  server = await startFakeReplicate({ predictionMs: 300 });
  dir = await mkdtemp(join(tmpdir(), 'redraw-e2e-watch-'));
  const path = join(dir, 'sketch.kra.png');
  await writeFile(path, await sketchPng(640, 480));
  // The OS dialog runs in main; here it answers with the watched file.
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, pickImagePath: path });
  const { page } = app;

  await page.getByLabel('Prompt', { exact: true }).fill('a castle on a hill');
  await page.getByRole('button', { name: 'Watch a file…' }).click();
  const status = page.getByRole('status', { name: 'Watch' });
  await expect(status).toContainText('sketch.kra.png');
  await expect(status).toContainText('Watching');
  await expect(status).toContainText('1 revision');
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(1);

  // The artist draws on and saves: a new revision runs by itself.
  await saveLikeAnEditor(path, await sketchPng(600, 480));
  await expect(status).toContainText('2 revisions');
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expect(history.getByRole('listitem').first()).toContainText('a castle on a hill');

  await status.getByRole('button', { name: 'Open revision 2' }).click();
  const details = page.getByRole('dialog', { name: 'Job details' });
  await expect(details.getByRole('heading', { name: 'Revision 2 of sketch.kra.png' })).toBeVisible();
  const strip = details.getByRole('list', { name: 'Revisions of sketch.kra.png' });
  await expect(strip.getByRole('button')).toHaveCount(2);
  await expect(strip.getByRole('button', { name: /^Revision 2/ })).toHaveAttribute('aria-current', 'true');

  // Revision 2 against revision 1, in the viewer.
  await details.getByRole('button', { name: 'View output 1 full size' }).click({ timeout: 20_000 });
  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  await viewer.getByRole('button', { name: 'Compare', exact: true }).click();
  const against = viewer.getByRole('group', { name: 'Compare with' });
  await against.getByRole('button', { name: 'Previous revision' }).click();
  await expect(viewer.getByRole('slider', { name: 'Compare with previous revision' })).toBeVisible();
  await expect(viewer.getByRole('img', { name: 'Revision 1, output 1' })).toBeVisible();
  await against.getByRole('button', { name: 'Sketch' }).click();
  await expect(viewer.getByRole('slider', { name: 'Compare with sketch' })).toBeVisible();
  await page.keyboard.press('Escape');

  // The strip links each revision to its job.
  await strip.getByRole('button', { name: /^Revision 1/ }).click();
  await expect(details.getByRole('heading', { name: 'Revision 1 of sketch.kra.png' })).toBeVisible();

  // The file goes away: watching pauses and says why; Stop ends it.
  await unlink(path);
  await expect(status).toContainText('sketch.kra.png was moved or deleted; watching is paused');
  await expect(status).toContainText('Paused');
  await expect(status.getByRole('button', { name: 'Resume' })).toBeVisible();
  await status.getByRole('button', { name: 'Stop watching' }).click();
  await expect(status).toHaveCount(0);
  await expect(history.getByRole('listitem')).toHaveCount(2);
});
