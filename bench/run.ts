/**
 * `npm run bench`: Redraw's job engine against the project's fake Replicate server on loopback,
 * the catalog at the size of a long-used library, and staging a large sketch. Prints a table and
 * writes bench/results/latest.json. `--quick` runs smaller sizes (a smoke run); `--only=a,b` runs
 * some of latency, batch, batch-create, memory, catalog, gallery, input (gallery needs the catalog's library,
 * so it runs the catalog part too).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { benchBatch } from './batch';
import { benchBatchCreate } from './batch-create';
import { benchLatency } from './latency';
import { benchCatalog } from './catalog';
import { benchInput } from './input';
import { benchMemory } from './memory';

const started = performance.now();
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const want = (name: string): boolean => !only || only.split(',').includes(name);

const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, node: process.version, date: new Date().toISOString() },
};
const rows: [string, string, string][] = [];

if (want('latency')) {
  const latency = await benchLatency();
  results.latency = {
    short: latency.short,
    long: { ...latency.long, official_p50_ms: latency.official.p50_ms, official_p95_ms: latency.official.p95_ms },
  };
  const speedup = latency.official.p50_ms / latency.long.p50_ms;
  rows.push(['A latency, short (p50 / p95)', `${latency.short.p50_ms} / ${latency.short.p95_ms} ms`, 'p50 <= 20, p95 <= 60']);
  rows.push(['A latency, long (p50 / p95)', `${latency.long.p50_ms} / ${latency.long.p95_ms} ms`, 'p50 <= 20, p95 <= 60']);
  rows.push(['A official client, long (p50 / p95)', `${latency.official.p50_ms} / ${latency.official.p95_ms} ms`, 'baseline']);
  rows.push(['A long: official p50 / Redraw p50', `${speedup.toFixed(1)}x`, '>= 10x']);
}
if (want('batch') && !quick) {
  const batch = await benchBatch();
  results.batch = batch;
  rows.push(['B batch makespan (200 jobs)', `${batch.makespan_s} s (ideal ${batch.ideal_s} s, ${batch.ratio}x)`, '<= 1.05x ideal']);
  rows.push(['B duplicates / lost', `${batch.duplicates} / ${batch.lost}`, '0 / 0']);
  rows.push(['B rate-limited requests (429)', String(batch.rate_limited_requests), 'few']);
  rows.push([`B main event-loop delay while it runs (${batch.outputs_per_job} outputs a job), p99 / max`, `${batch.event_loop_p99_ms} / ${batch.event_loop_max_ms} ms`, 'p99 <= 50 ms']);
}
if (want('batch-create')) {
  const created = await benchBatchCreate(quick ? 1 : 3);
  results.batch = { ...(results.batch as object | undefined), create_500_ms: created.create_500_ms, create: created };
  rows.push([`G one batches:create call, ${created.jobs} jobs written and queued (median)`, `${created.create_500_ms} ms`, '<= 300 ms']);
  rows.push([`G the same jobs, one jobs:create call each`, `${created.one_call_per_job_ms} ms (batch ${created.speedup_vs_one_call_per_job}x faster)`, 'baseline']);
}
if (want('memory')) {
  const memory = await benchMemory(quick ? 200 : 1000);
  results.memory = memory;
  rows.push([`C RSS growth over ${memory.jobs} jobs`, `${memory.rss_growth_mb} MB (${memory.rss_before_mb} -> ${memory.rss_after_mb})`, '<= 50 MB']);
}
if (want('catalog') || want('gallery')) {
  const { gallery, ...catalog } = await benchCatalog(quick ? 2_000 : 50_000, { opens: quick ? 5 : 7, gallery: want('gallery') });
  results.catalog = catalog;
  const n = catalog.jobs.toLocaleString('en');
  rows.push([`D catalog open to first page, ${n} jobs (median / min)`, `${catalog.open_ms} / ${catalog.open_min_ms} ms`, '<= 150 ms']);
  rows.push([`D search + filter, first page + total (p95, ${catalog.search_queries} queries)`, `${catalog.search_p95_ms} ms (p50 ${catalog.search_p50_ms})`, '<= 20 ms']);
  rows.push([`D import of ${n} job.json folders (once)`, `${catalog.import_50k_s} s`, 'one-time']);
  if (gallery) {
    results.gallery = gallery;
    rows.push([`F gallery: start to first thumbnails (core open + page, median of ${gallery.starts})`, `${gallery.first_paint_ms} ms (${gallery.core_open_ms} + ${gallery.page_to_thumbnails_ms})`, '<= 400 ms']);
    rows.push([`F bare page through the same harness: 2 calls + 1 thumbnail`, `${gallery.baseline_first_paint_ms} ms (Redraw ${gallery.first_paint_vs_baseline}x)`, 'baseline']);
    rows.push([`F stack floor: React + checked contract + 30 bare cards`, `${gallery.stack_floor_first_paint_ms} ms (Redraw ${gallery.first_paint_vs_stack_floor}x)`, 'baseline']);
    rows.push([`F gallery: JS heap after scrolling ${n} jobs (after GC / before)`, `${gallery.heap_mb} / ${gallery.heap_before_gc_mb} MB`, '<= 150 MB']);
    rows.push([`F gallery: most cards in the page during the scroll`, String(gallery.dom_cards_max), '<= 300']);
  }
}
if (want('input')) {
  const input = await benchInput(5);
  results.input = input;
  rows.push([`E stage a ${input.source} sketch (median of ${input.runs})`, `${input.prepare_24mp_ms} ms (drop ${input.drop_24mp_ms})`, '<= 300 ms']);
}

const total = (performance.now() - started) / 1000;
results.total_s = Math.round(total * 10) / 10;
const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['measure', 'result', 'target'][i]?.length ?? 0));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(width[i] ?? 0)).join(' | ')} |`;
console.log(line(['measure', 'result', 'target']));
console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(`total ${total.toFixed(1)} s`);
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results/latest.json');
