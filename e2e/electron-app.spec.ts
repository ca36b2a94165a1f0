import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import { sketchPng } from '../test-support/images';
import { dropFile } from './drop-file';
import { electronBinary } from './electron-binary';

const binary = electronBinary();
const skipReason = 'missing' in binary ? `Electron app spec skipped: ${binary.missing}` : null;
if (skipReason) console.log(skipReason);

test.describe('the real Electron app', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let server: FakeReplicate;
  test.beforeEach(async () => {
    server = await startFakeReplicate({ predictionMs: 1_000 });
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('exposes only the contract to the page, denies new windows, and runs a job end to end', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'redraw-electron-'));
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : undefined,
      args: [join(process.cwd(), 'out/main/index.js')],
      env: {
        ...process.env,
        REDRAW_DATA_DIR: dataDir,
        REDRAW_DEMO_API_BASE_URL: server.baseUrl,
        REDRAW_DEMO_TOKEN: server.token,
      },
    });
    try {
      const page = await app.firstWindow();
      const globals = await page.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        bridge: Object.keys((window as unknown as { redraw: object }).redraw).sort(),
      }));
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on'] });
      expect(page.url()).toMatch(/^redraw:\/\/app\//);
      const opened = await page.evaluate(() => window.open('https://example.com') === null);
      expect(opened).toBe(true);

      await dropFile(page, page.getByRole('button', { name: 'Input image' }), { name: 's.png', mime: 'image/png', bytes: await sketchPng(400, 300) });
      await expect(page.getByRole('img', { name: 'Input sketch preview' })).toBeVisible();
      await page.getByRole('button', { name: 'Generate' }).click();
      await expect(page.getByRole('list', { name: 'History' }).getByRole('listitem')).toHaveCount(1);
      await expect(page.getByRole('status', { name: 'Job status' })).toContainText(/Done/, { timeout: 20_000 });
    } finally {
      await app.close();
    }
  });
});
