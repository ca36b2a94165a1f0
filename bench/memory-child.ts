/**
 * Runs in its own process so its RSS is Redraw's main-process work alone (the fake server
 * lives in the parent). Runs `JOBS` jobs in rounds and prints RSS as JSON lines.
 */
import { sketchPng } from '../test-support/images';
import { startBenchCore } from './bench-support';

const jobs = Number(process.env.BENCH_JOBS ?? 1000);
const warmup = 50;
const server = { baseUrl: process.env.BENCH_BASE_URL ?? '', token: process.env.BENCH_TOKEN ?? '' };
const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = (): number => {
  gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
};

const bench = await startBenchCore(server, 16);
const png = await sketchPng(128, 96);
await bench.waitForAll(await bench.enqueue(warmup, png), 120_000);
const before = rssMb();
let done = 0;
while (done < jobs) {
  const batch = Math.min(100, jobs - done);
  await bench.waitForAll(await bench.enqueue(batch, png), 120_000);
  done += batch;
}
const after = rssMb();
const failed = [...bench.finished.values()].filter((j) => j.status !== 'succeeded').length;
await bench.close();
process.stdout.write(`${JSON.stringify({ before_mb: before, after_mb: after, jobs: done, failed })}\n`);
