import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { blankPng } from '../../../../test-support/images';

const run = promisify(execFile);
/** Main's budget for one import, whatever the file: a limit, not a speed. */
const PEAK_RSS_LIMIT_MB = 1024;

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

type ChildReport = { results: { name: string; width?: number; height?: number; error?: string }[]; beforeMb: number; peakMb: number };

describe('the memory an import takes', () => {
  it('a tiny PNG of extreme shape is refused, and the largest legal ones staged one at a time, with main under 1 GB at its peak', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redraw-import-memory-'));
    dirs.push(dir);
    // 150 KB on disk; decoding it took main to 1.7 GB (20,000,000 pixels, 8 bytes each, in one row).
    const hostile = join(dir, 'sketch.png');
    await writeFile(hostile, await blankPng(20_000_000, 1, { bitDepth: 16, colorType: 6 }));
    // The worst a legal file can be: 40 MP at 16-bit RGBA, interlaced (decoded whole, not row by
    // row; about 370 MB over main's own), three of them, and the widest legal shape, all dropped
    // at once. Decoded side by side the three would take main past 1 GB; in turn, they do not.
    const worst = await blankPng(6324, 6324, { bitDepth: 16, colorType: 6, interlaced: true });
    const interlaced = ['a.png', 'b.png', 'c.png'].map((name) => join(dir, name));
    for (const path of interlaced) await writeFile(path, worst);
    const widest = join(dir, 'panorama.png');
    await writeFile(widest, await blankPng(16_384, 2441, { bitDepth: 16, colorType: 6 }));

    const child = await run(process.execPath, ['--import', 'tsx', join(process.cwd(), 'test-support/import-memory-child.ts'), hostile, ...interlaced, widest], {
      env: { ...process.env, REDRAW_TEST_DATA_DIR: join(dir, 'data') },
      maxBuffer: 1 << 20,
    });
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;
    expect(report.results).toEqual([
      { name: 'sketch.png', error: 'sketch.png: the image is 20000000×1 px; each side may be at most 16384 px.' },
      { name: 'a.png', width: 1024, height: 1024 },
      { name: 'b.png', width: 1024, height: 1024 },
      { name: 'c.png', width: 1024, height: 1024 },
      { name: 'panorama.png', width: 1024, height: 153 },
    ]);
    expect(report.peakMb, `peak RSS ${report.peakMb} MB (${report.beforeMb} MB before the imports)`).toBeLessThan(PEAK_RSS_LIMIT_MB);
  });
});
