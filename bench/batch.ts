import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startRemoteFake } from './remote-fake';
import { sketchPng } from '../test-support/images';
import { round, startBenchCore } from './bench-support';

export const BATCH = { jobs: 200, outputs: 4, predictionMs: 2_000, maxConcurrent: 8, perMinute: 120, burst: 10 } as const;

/**
 * The lower bound the limits allow: the first `burst` creates go at once, the rest at the
 * refill rate, and the last one still has to run. (Concurrency 8 at 2 s a job would allow
 * 4 creates a second, above the 2 a second the rate gives, so the rate is what binds.)
 */
export function idealMakespanS(): number {
  const ratePerS = BATCH.perMinute / 60;
  const byRate = (BATCH.jobs - BATCH.burst) / ratePerS;
  const byConcurrency = Math.ceil(BATCH.jobs / BATCH.maxConcurrent) * (BATCH.predictionMs / 1000);
  return Math.max(byRate + BATCH.predictionMs / 1000, byConcurrency);
}

export async function benchBatch() {
  const server = await startRemoteFake({
    predictionMs: BATCH.predictionMs,
    startDelayMs: 0,
    maxConcurrent: BATCH.maxConcurrent,
    rateLimit: { perMinute: BATCH.perMinute, burst: BATCH.burst },
  });
  const bench = await startBenchCore(server, BATCH.maxConcurrent);
  try {
    const png = await sketchPng(256, 192);
    // Main's event loop while it runs the batch (4 outputs a job: downloads, thumbnails, records):
    // how long anything the window asks for could be kept waiting.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const ids = await bench.enqueue(BATCH.jobs, png, { numOutputs: BATCH.outputs });
    await bench.waitForAll(ids, 300_000);
    const makespanS = (performance.now() - started) / 1000;
    loop.disable();
    const succeeded = [...bench.finished.values()].filter((j) => j.status === 'succeeded' && j.outputs.length === BATCH.outputs).length;
    const stats = await server.stats();
    return {
      makespan_s: round(makespanS, 2),
      ideal_s: round(idealMakespanS(), 2),
      ratio: round(makespanS / idealMakespanS(), 3),
      duplicates: stats.creates - BATCH.jobs,
      lost: BATCH.jobs - succeeded,
      rate_limited_requests: stats.createRequests - stats.creates,
      outputs_per_job: BATCH.outputs,
      event_loop_p99_ms: round(loop.percentile(99) / 1e6, 2),
      event_loop_max_ms: round(loop.max / 1e6, 2),
    };
  } finally {
    await bench.close();
    await server.close();
  }
}
