import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { exportManifestSchema } from '../src/main/core/exports/export-manifest';
import { seedLibrary } from '../test-support/seed-library';
import { launchApp, type LaunchedApp } from './harness';

let server: FakeReplicate;
let app: LaunchedApp | null = null;
const made: string[] = [];
test.beforeEach(async () => {
  server = await startFakeReplicate({ predictionMs: 120 });
});
test.afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

test('select 2 jobs, Export…: a toast says where, Show in folder reveals it, and the folder holds their images and manifest', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'redraw-e2e-export-'));
  const exportDir = await mkdtemp(join(tmpdir(), 'redraw-e2e-export-to-'));
  made.push(dataDir, exportDir);
  const seeded = await seedLibrary(dataDir, { count: 5, outputsPerJob: 2 });
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, dataDir, pickFolderPath: exportDir, viewport: { width: 1440, height: 900 } });
  const { page } = app;
  const cards = page.getByRole('list', { name: 'History' }).getByRole('listitem');
  await expect(cards.first()).toHaveAttribute('data-job-id', seeded[0]?.id ?? '');

  await cards.nth(0).getByRole('checkbox', { name: 'Select' }).check();
  await cards.nth(1).getByRole('checkbox', { name: 'Select' }).check();
  await expect(page.getByRole('status', { name: 'Selection count' })).toHaveText('2 selected');
  await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Export…' }).click();

  const toast = page.locator('.toast', { hasText: 'Exported 2 jobs (6 files) to' });
  await expect(toast).toBeVisible();
  const [folderName] = await readdir(exportDir);
  expect(folderName).toMatch(/^redraw-export-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\dZ$/);
  const savedTo = join(exportDir, folderName ?? '');
  await expect(toast).toContainText(savedTo);
  await toast.getByRole('button', { name: 'Show in folder' }).click();
  await expect.poll(() => app?.shownInFolder).toEqual([savedTo]);

  // On disk: the two jobs' folders (sketch and both outputs each) and the manifest, nothing half-made beside.
  expect(await readdir(exportDir)).toEqual([folderName]);
  const manifest = exportManifestSchema.parse(JSON.parse(await readFile(join(savedTo, 'manifest.json'), 'utf8')));
  const selected = [seeded[0], seeded[1]].map((job) => job?.id);
  expect(manifest.jobs.map((job) => job.id).sort()).toEqual([...selected].sort());
  for (const job of manifest.jobs) {
    expect((await readdir(join(savedTo, job.folder))).sort()).toEqual(['input.png', 'output-01.png', 'output-02.png']);
    const original = seeded.find((s) => s.id === job.id);
    expect(job.prompt).toBe(original?.params.prompt);
    expect(job.seedUsed).toBe(original?.seedUsed);
    const bytes = await readFile(join(savedTo, job.folder, 'output-02.png'));
    expect(bytes.equals(await readFile(join(dataDir, 'library', 'jobs', job.id, original?.outputs[1]?.file ?? '')))).toBe(true);
  }
  const csv = (await readFile(join(savedTo, 'manifest.csv'), 'utf8')).split('\r\n').filter((line) => line !== '');
  expect(csv).toHaveLength(1 + 4);
});

test('a job’s details: Export… for one job, Copy image beside Save as, and an output dragged out hands main the file', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'redraw-e2e-export-one-'));
  const exportDir = await mkdtemp(join(tmpdir(), 'redraw-e2e-export-one-to-'));
  made.push(dataDir, exportDir);
  const seeded = await seedLibrary(dataDir, { count: 3, outputsPerJob: 2 });
  const job = seeded[0];
  app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: server.token, dataDir, pickFolderPath: exportDir });
  const { page } = app;
  await page.getByRole('list', { name: 'History' }).getByRole('listitem').first().click();
  const details = page.getByRole('dialog', { name: 'Job details' });

  await details.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByText(/Exported 1 job \(3 files\) to/)).toBeVisible();
  const [folderName] = await readdir(exportDir);
  expect(await readdir(join(exportDir, folderName ?? ''))).toHaveLength(3);

  // Copy image sits with Save as… under each output.
  const secondOutput = details.locator('figure', { hasText: 'Output 2' });
  await expect(secondOutput.getByRole('button', { name: 'Save as…' })).toBeVisible();
  await secondOutput.getByRole('button', { name: 'Copy image' }).click();
  await expect(page.getByText('Image copied to the clipboard')).toBeVisible();
  expect(app.copiedImages).toHaveLength(1);

  // The page's own drag is canceled and main is asked to start the OS drag of the library file.
  await secondOutput.getByRole('img', { name: 'Output 2' }).dragTo(details.getByRole('heading', { name: 'Parameters' }));
  await expect.poll(() => app?.dragStarts.length).toBe(1);
  expect(app.dragStarts[0]?.path).toMatch(new RegExp(`/library/jobs/${job?.id}/${job?.outputs[1]?.file.replace('.', '\\.')}$`));

  // In the viewer, a handle does the same (dragging the image there pans it).
  await secondOutput.getByRole('button', { name: 'View output 2 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  await viewer.getByTitle('Drag into another app to copy the file there').dragTo(viewer.getByRole('button', { name: 'Copy image' }));
  await expect.poll(() => app?.dragStarts.length).toBe(2);
  expect(app.dragStarts[1]?.path).toBe(app.dragStarts[0]?.path);
});
