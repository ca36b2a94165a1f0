import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { HISTORY_PAGE_SIZE } from '../src/shared/history-window';
import type { Page } from 'playwright-core';
import { launchApp } from '../e2e/harness';
import { percentile, round } from './bench-support';

/**
 * Watches the page from its first script: the first frame in which a History thumbnail has
 * loaded is "first thumbnails painted" (the rAF after it is the frame that shows it). Written as
 * source text for addInitScript, like the harness's bridge.
 */
const WATCH_FIRST_THUMBNAIL = `(() => {
  const tick = () => {
    const img = document.querySelector('.gallery-card img');
    if (img && img.complete && img.naturalWidth > 0) {
      requestAnimationFrame(() => { window.__firstThumbnailAt = performance.now(); });
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * Scrolls the gallery from top to bottom, four screens a frame (a data window of 60 jobs is about
 * five screens at 1440x900, so every window is still asked for on the way), counting the cards
 * in the page each frame. Source text: this file is type-checked without the DOM's types.
 */
const SCROLL_TO_BOTTOM = `(async () => {
  const element = document.querySelector('.gallery-scroller');
  let most = 0;
  let frames = 0;
  while (element.scrollTop + element.clientHeight < element.scrollHeight - 1) {
    element.scrollBy(0, element.clientHeight * 4);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    frames++;
    most = Math.max(most, element.querySelectorAll('[role="listitem"]').length);
  }
  return { most, frames };
})()`;

/** Starts of each page measured (medians are reported). */
const START_RUNS = 5;

/**
 * The floor under first_paint_ms on this machine: a bare page served and bridged by the same
 * harness, which makes the two calls the History needs before its first thumbnail (the media
 * address and the History's start, sent together as Redraw's first module does) and paints
 * that window's first thumbnail. Everything above it is Redraw's renderer: its script, React,
 * layout, its own calls.
 */
const BASELINE_HTML = '<!doctype html><meta charset="utf-8"><title>baseline</title><img id="thumb" alt=""><script src="./baseline.js"></script>';
const BASELINE_SCRIPT = `(async () => {
  const [info, start] = await Promise.all([window.redraw.invoke('app:info'), window.redraw.invoke('history:start', { limit: ${HISTORY_PAGE_SIZE} })]);
  const job = start.value.page.jobs.find((j) => j.outputs.length > 0);
  const img = document.getElementById('thumb');
  img.onload = () => requestAnimationFrame(() => { window.__firstThumbnailAt = performance.now(); });
  img.src = info.value.mediaBaseUrl + '/jobs/' + job.id + '/output-1.thumb.webp';
})();`;

async function baselineMs(dataDir: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-bench-baseline-'));
  try {
    await writeFile(join(dir, 'index.html'), BASELINE_HTML);
    await writeFile(join(dir, 'baseline.js'), BASELINE_SCRIPT);
    // The bare page marks its own first thumbnail.
    return await pageFirstPaintMs(dataDir, dir, undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Start to first thumbnail painted for another page served by the harness over the same library. */
async function pageFirstPaintMs(dataDir: string, rendererDir: string, initScript: string | undefined): Promise<number> {
  const app = await launchApp({ apiBaseUrl: 'http://127.0.0.1:9/v1', dataDir, viewport: { width: 1440, height: 900 }, rendererDir, initScript });
  try {
    await waitForExpression(app.page, 'window.__firstThumbnailAt !== undefined');
    return app.coreOpenMs + Number(await app.page.evaluate('window.__firstThumbnailAt'));
  } finally {
    await app.close();
  }
}

/**
 * Builds the stack floor (bench/stack-floor: React, the contract's schemas, the start's two
 * checked replies and 30 bare thumbnail cards) with the same bundler and minifier as the app.
 */
async function buildStackFloor(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'redraw-bench-floor-'));
  await build({
    root: join(dirname(fileURLToPath(import.meta.url)), 'stack-floor'),
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: true },
  });
  return outDir;
}

/**
 * Waits until a page expression is true. Polled with page.evaluate: waitForFunction compiles its
 * predicate inside the page, which the app's CSP (no eval) refuses.
 */
async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (performance.now() > deadline) throw new Error(`gallery bench: timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export type GalleryBench = {
  jobs: number;
  /** createCore (catalog open) + page load to the first thumbnails painted. */
  first_paint_ms: number;
  core_open_ms: number;
  page_to_thumbnails_ms: number;
  /** The same for a bare page through the same harness (median of the starts), and Redraw's ratio to it. */
  baseline_first_paint_ms: number;
  first_paint_vs_baseline: number;
  /** The same for the stack floor (bench/stack-floor: React + the contract + 30 bare cards), and Redraw's ratio to it. */
  stack_floor_first_paint_ms: number;
  first_paint_vs_stack_floor: number;
  /** How many starts of each page the medians are taken over. */
  starts: number;
  /** JS heap in use after scrolling top to bottom, after a garbage collection (what is kept). */
  heap_mb: number;
  /** The same, before the collection (what scrolling left behind, garbage included). */
  heap_before_gc_mb: number;
  dom_cards_max: number;
  scroll_frames: number;
  scroll_s: number;
};

/**
 * The built renderer in Chromium through the harness, over an existing library: time to the
 * first thumbnails, then a scroll from the top of the History to the bottom, counting the cards
 * in the page each frame and reading the heap at the end.
 */
export async function benchGallery(dataDir: string, jobs: number): Promise<GalleryBench> {
  // The three pages take turns, START_RUNS starts each, so all see the same machine; a start on
  // this 2-core machine varies by ±150 ms, so medians are taken. The last Redraw start stays
  // open for the scroll.
  const floorDir = await buildStackFloor();
  const baselines: number[] = [];
  const floors: number[] = [];
  const starts: { total: number; core: number; page: number }[] = [];
  let app: Awaited<ReturnType<typeof launchApp>> | null = null;
  try {
    for (let run = 0; run < START_RUNS; run++) {
      baselines.push(await baselineMs(dataDir));
      floors.push(await pageFirstPaintMs(dataDir, floorDir, WATCH_FIRST_THUMBNAIL));
      await app?.close();
      // No server: the History is read from the catalog alone (the app works offline). A token is
      // set, as on every start but the first (which opens Settings instead).
      app = await launchApp({ apiBaseUrl: 'http://127.0.0.1:9/v1', apiToken: 'r8_bench', dataDir, viewport: { width: 1440, height: 900 }, initScript: WATCH_FIRST_THUMBNAIL });
      await waitForExpression(app.page, 'window.__firstThumbnailAt !== undefined');
      const pageMs = Number(await app.page.evaluate('window.__firstThumbnailAt'));
      starts.push({ total: app.coreOpenMs + pageMs, core: app.coreOpenMs, page: pageMs });
    }
    if (app === null) throw new Error('gallery bench: the app did not start');
    const { page } = app;
    const total = await page.getByRole('status', { name: 'History count' }).innerText();
    if (Number(total.replace(/\D/g, '')) !== jobs) throw new Error(`gallery bench: the History shows "${total}", expected ${jobs} jobs`);
    const median = [...starts].sort((a, b) => a.total - b.total)[Math.floor(START_RUNS / 2)] ?? { total: Number.NaN, core: Number.NaN, page: Number.NaN };
    const baseline = percentile(baselines, 50);
    const floor = percentile(floors, 50);

    const started = performance.now();
    const scroll = (await page.evaluate(SCROLL_TO_BOTTOM)) as { most: number; frames: number };
    const scrollS = (performance.now() - started) / 1000;
    // The last card must be the oldest job, loaded: the scroll really reached the end of the data.
    await waitForExpression(page, `document.querySelector('[role="listitem"][aria-posinset="${jobs}"][data-job-id]') !== null`);

    const cdp = await page.context().newCDPSession(page);
    const before = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await cdp.send('Runtime.getHeapUsage');
    const mb = (bytes: number): number => round(bytes / 1024 / 1024);
    return {
      jobs,
      first_paint_ms: Math.round(median.total),
      core_open_ms: Math.round(median.core),
      page_to_thumbnails_ms: Math.round(median.page),
      baseline_first_paint_ms: Math.round(baseline),
      first_paint_vs_baseline: round(median.total / baseline, 2),
      stack_floor_first_paint_ms: Math.round(floor),
      first_paint_vs_stack_floor: round(median.total / floor, 2),
      starts: START_RUNS,
      heap_mb: mb(after.usedSize),
      heap_before_gc_mb: mb(before.usedSize),
      dom_cards_max: scroll.most,
      scroll_frames: scroll.frames,
      scroll_s: round(scrollS),
    };
  } finally {
    await app?.close();
    await rm(floorDir, { recursive: true, force: true });
  }
}
