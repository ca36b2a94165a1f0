import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_PAGE_SIZE, viewToQuery, type HistoryQuery, type HistoryView } from '../src/shared/history-query';
import { thumbnailFileName } from '../src/shared/job';
import { openLibrary } from '../src/main/core/library/open-library';
import type { Core } from '../src/main/core/create-core';
import { call, openBenchCore, percentile, round, settleDisk } from './bench-support';
import { benchGallery } from './gallery';
import { MODEL_VERSIONS, generateCatalogLibrary, generateLegacyLibrary, type GeneratedLibrary } from './catalog-library';

const DAY_MS = 24 * 3600 * 1000;

/** The view as the renderer turns it into a query, with a filter set directly on the query. */
const toQuery = (view: HistoryView, extra: Partial<HistoryQuery> = {}): HistoryQuery => ({ ...viewToQuery(view), ...extra });

/** Start-up as the artist waits for it: main builds the core (opening the library), the renderer asks for the History's start (its saved view with the first window). */
async function timeOpen(dataDir: string, expectTotal: number): Promise<{ open_ms: number; core_ms: number; extras_ms: number; core: Core }> {
  const started = performance.now();
  const core = await openBenchCore(dataDir);
  const built = performance.now();
  const { view, page } = await call(core, 'history:start', { limit: HISTORY_PAGE_SIZE });
  const ready = performance.now();
  if (page.total !== expectTotal || page.jobs.length !== HISTORY_PAGE_SIZE) throw new Error(`catalog open: first page ${page.jobs.length} of ${page.total}, expected ${HISTORY_PAGE_SIZE} of ${expectTotal}`);
  const times = page.jobs.map((job) => job.timings.createdAt);
  if (times.some((t, i) => i > 0 && t > (times[i - 1] ?? t))) throw new Error('catalog open: first page is not newest first');
  // What the renderer asks for right after the first window (facets, failed count, library health): not part of open_ms.
  const extrasStarted = performance.now();
  await Promise.all([
    call(core, 'history:facets', undefined),
    call(core, 'history:page', { query: toQuery({ ...view, status: 'failed' }), offset: 0, limit: 1 }),
    call(core, 'library:status', undefined),
  ]);
  const extras = performance.now() - extrasStarted;
  // Every card of the first window has its thumbnail on disk, where the media protocol looks.
  for (const job of page.jobs) {
    const file = thumbnailFileName(job.outputs[0]?.file ?? job.input.file);
    if ((await core.readMedia(`jobs/${job.id}/${file}`)) === null) throw new Error(`catalog open: no thumbnail for ${job.id}/${file}`);
  }
  return { open_ms: ready - started, core_ms: built - started, extras_ms: extras, core };
}

/** Fifty searches as an artist types them: words (common, rare, prefixes, two words, sketch names) each with one filter. */
function searchQueries(library: GeneratedLibrary, view: HistoryView): HistoryQuery[] {
  const texts = [
    'castle', 'dragon', 'lighthouse', 'misty', 'dusk', 'painting', 'watercolor', 'highly detailed', 'cas', 'drag',
    'light', 'wat', 'fox', 'owl night', 'ancient temple', 'greg', 'mucha', 'ghibli', 'blurry', 'watermark',
    'img', 'scan', 'study', 'untitled', 'sketch', 'jellyfish', 'linocut', 'cartographer', 'aqueduct', 'koi',
    'storm', 'winter forest', 'golden', 'cyberpunk city', 'harbour', 'robot', 'volumetric', 'sharp', 'octane', 'the',
    'moon', 'ruins', 'spa', 'floating island', 'wip', 'lines', 'ink', 'portrait', 'ukiyo', 'tiger',
  ];
  const span = library.lastMs - library.firstMs;
  return texts.map((text, i) => {
    const filter: Partial<HistoryQuery> = (() => {
      switch (i % 8) {
        case 0: return { status: 'succeeded' };
        case 1: return { status: 'failed' };
        case 2: return { favouritesOnly: true };
        case 3: return { modelVersion: MODEL_VERSIONS[i % MODEL_VERSIONS.length] ?? null };
        case 4: {
          const from = library.firstMs + ((i * 7919) % 97) / 97 * span;
          return { fromTime: new Date(from).toISOString(), toTime: new Date(from + 30 * DAY_MS).toISOString() };
        }
        case 5: {
          // Searching within a sketch is for words its jobs have: one whose name or subject matches, if any.
          const word = text.split(' ')[0] ?? text;
          const matching = library.sketches.filter((s) => s.name.toLowerCase().includes(word) || s.subject.startsWith(word));
          const pool = matching.length > 0 ? matching : library.sketches;
          const sketch = pool[(i * 104729) % pool.length];
          return { sketch: sketch ? { key: sketch.key, name: sketch.name } : null };
        }
        case 6: return { status: 'canceled' };
        default: return { fromTime: new Date(library.lastMs - 90 * DAY_MS).toISOString() };
      }
    })();
    return toQuery({ ...view, text }, filter);
  });
}

function describeFilter(query: HistoryQuery): string {
  if (query.status !== 'any') return `status ${query.status}`;
  if (query.favouritesOnly) return 'favourites';
  if (query.modelVersion !== null) return `model ${query.modelVersion.split(':')[0]}`;
  if (query.sketch !== null) return `sketch ${query.sketch.name}`;
  return `from ${query.fromTime?.slice(0, 10) ?? '…'} to ${query.toTime?.slice(0, 10) ?? 'now'}`;
}

async function timeSearches(core: Core, library: GeneratedLibrary) {
  const { view } = await call(core, 'history:start', { limit: 1 });
  const times: number[] = [];
  const totals: number[] = [];
  const described: string[] = [];
  for (const query of searchQueries(library, view)) {
    const started = performance.now();
    const page = await call(core, 'history:page', { query, offset: 0, limit: HISTORY_PAGE_SIZE });
    times.push(performance.now() - started);
    totals.push(page.total);
    described.push(`"${query.text}" + ${describeFilter(query)}: ${page.total} hits`);
  }
  const slowest = times
    .map((ms, i) => ({ ms, what: described[i] ?? '' }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map(({ ms, what }) => `${what}, ${round(ms, 1)} ms`);
  return {
    slowest,
    queries: times.length,
    p50_ms: round(percentile(times, 50), 2),
    p95_ms: round(percentile(times, 95), 2),
    max_ms: round(Math.max(...times), 2),
    median_hits: percentile(totals, 50),
    no_hits: totals.filter((t) => t === 0).length,
  };
}

/**
 * The catalog at the size of a long-used library: start-up to the first History window, search
 * with a filter, and the one-time import of a library of job.json folders of the same size.
 * Every library is generated into a temp folder and removed afterwards.
 */
export async function benchCatalog(count: number, options: { opens?: number; gallery?: boolean } = {}) {
  // Progress goes to stderr: generating a 50,000-job library takes a while.
  const log = (line: string): void => console.error(line);
  const root = await mkdtemp(join(tmpdir(), 'redraw-bench-catalog-'));
  try {
    const dataDir = join(root, 'app');
    const library = await generateCatalogLibrary(dataDir, count);
    settleDisk();
    log(`catalog: generated ${library.jobs} jobs, ${library.thumbnails} thumbnails, ${round(library.catalog_mb)} MB catalog in ${round(library.generate_s)} s`);

    const opens: { open_ms: number; core_ms: number; extras_ms: number }[] = [];
    for (let r = 0; r < (options.opens ?? 7); r++) {
      const { core, ...times } = await timeOpen(dataDir, count);
      opens.push(times);
      await core.close();
    }
    const openTimes = opens.map((o) => o.open_ms);
    log(`catalog: opens ${openTimes.map((t) => round(t)).join(', ')} ms`);

    const core = await openBenchCore(dataDir);
    const search = await timeSearches(core, library).finally(() => core.close());
    log(`catalog: search p50 ${search.p50_ms} ms, p95 ${search.p95_ms} ms, median hits ${search.median_hits}; slowest: ${search.slowest.join(' | ')}`);

    // The same library in Chromium: the gallery's first paint, memory and page size.
    const gallery = options.gallery ? await benchGallery(dataDir, count) : null;
    if (gallery) log(`gallery: first thumbnails ${gallery.first_paint_ms} ms, heap ${gallery.heap_mb} MB, at most ${gallery.dom_cards_max} cards, scroll ${gallery.scroll_s} s`);

    const legacyDir = join(root, 'legacy');
    const legacy = await generateLegacyLibrary(legacyDir, count);
    settleDisk();
    log(`catalog: generated ${legacy.jobs} legacy job folders in ${round(legacy.generate_s)} s`);
    const importStarted = performance.now();
    const imported = await openLibrary(legacyDir, { now: () => Date.now() }, () => undefined);
    const importS = (performance.now() - importStarted) / 1000;
    const status = imported.status();
    await imported.close();
    if (status.jobs !== count || status.unreadable.length > 0) throw new Error(`catalog import: ${status.jobs}/${count} jobs, ${status.unreadable.length} unreadable`);

    return {
      jobs: count,
      outputs: library.outputs,
      thumbnails: library.thumbnails,
      sketches: library.sketches.length,
      catalog_mb: round(library.catalog_mb),
      generate_s: round(library.generate_s),
      open_ms: round(percentile(openTimes, 50)),
      open_min_ms: round(Math.min(...openTimes)),
      open_max_ms: round(Math.max(...openTimes)),
      // The first open in this process, before its code is warmed up (the files are in the OS cache).
      open_first_ms: round(openTimes[0] ?? Number.NaN),
      open_runs: openTimes.length,
      open_core_ms: round(percentile(opens.map((o) => o.core_ms), 50)),
      open_extras_ms: round(percentile(opens.map((o) => o.extras_ms), 50)),
      search_p50_ms: search.p50_ms,
      search_p95_ms: search.p95_ms,
      search_max_ms: search.max_ms,
      search_queries: search.queries,
      search_median_hits: search.median_hits,
      search_no_hits: search.no_hits,
      search_slowest: search.slowest,
      import_jobs: count,
      import_50k_s: round(importS, 2),
      gallery,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
