/**
 * `npm run bench`: Redraw's job engine against the project's fake Replicate server on loopback.
 * Prints a table and writes bench/results/latest.json. `--quick` runs smaller sizes (a smoke run).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { benchBatch } from './batch';
import { benchLatency } from './latency';
import { benchLibraryOpen } from './library-open';
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
}
if (want('memory')) {
  const memory = await benchMemory(quick ? 200 : 1000);
  results.memory = memory;
  rows.push([`C RSS growth over ${memory.jobs} jobs`, `${memory.rss_growth_mb} MB (${memory.rss_before_mb} -> ${memory.rss_after_mb})`, '<= 50 MB']);
}
if (want('library')) {
  const library = await benchLibraryOpen(quick ? 1000 : 5000);
  results.library = library;
  rows.push([`Library open, ${library.jobs} jobs`, `${library.open_ms} ms`, 'quick']);
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
