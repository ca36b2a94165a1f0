import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Replicate from 'replicate';
import { startRemoteFake } from './remote-fake';
import { DEFAULT_MODEL_VERSION } from '../src/shared/settings';
import { DEFAULT_PARAMS, toModelInput } from '../src/shared/model-input';
import { sketchPng } from '../test-support/images';
import { percentile, round, startBenchCore } from './bench-support';

const JOBS = 50;
const CONCURRENCY = 8;

export type LatencyResult = { p50_ms: number; p95_ms: number; jobs: number };

/**
 * From the fake server marking a prediction succeeded to Redraw having stored its outputs and
 * told the renderer. Short predictions finish inside the create's wait; long ones outlast it
 * (the server caps the wait at 1 s) and are followed on the stream.
 */
async function redrawLatency(kind: 'short' | 'long'): Promise<LatencyResult> {
  const server = await startRemoteFake(
    kind === 'short' ? { predictionMs: 150, startDelayMs: 10 } : { predictionMs: 1_500, startDelayMs: 10, maxWaitSeconds: 1 },
  );
  const succeededAt = server.succeededAt;
  const bench = await startBenchCore(server, CONCURRENCY);
  try {
    const png = await sketchPng(512, 384);
    // One round of jobs first, not counted: a cold process (JIT, first connections) is not
    // what an artist's hundredth job meets.
    await bench.waitForAll(await bench.enqueue(CONCURRENCY, png), 120_000);
    const warmedUp = new Set(bench.notifiedAt.keys());
    const ids = await bench.enqueue(JOBS, png);
    await bench.waitForAll(ids, 120_000);
    const latencies = [...bench.notifiedAt]
      .filter(([predictionId]) => !warmedUp.has(predictionId))
      .map(([predictionId, at]) => at - (succeededAt.get(predictionId) ?? Number.NaN));
    const ok = ids.filter((id) => bench.finished.get(id)?.status === 'succeeded').length;
    if (ok !== JOBS) throw new Error(`latency ${kind}: only ${ok}/${JOBS} jobs succeeded`);
    return { p50_ms: round(percentile(latencies, 50), 2), p95_ms: round(percentile(latencies, 95), 2), jobs: latencies.length };
  } finally {
    await bench.close();
    await server.close();
  }
}

/**
 * The official `replicate` client's run() against the same server, counted the same way: until
 * its outputs are on disk. It is used as documented for a prediction that outlasts the wait
 * (`wait: { mode: 'poll' }`; in 'block' mode run() returns null output for a prediction still
 * processing), downloading outputs right after run() returns.
 */
async function officialLatency(): Promise<LatencyResult> {
  const server = await startRemoteFake({ predictionMs: 1_500, startDelayMs: 10, maxWaitSeconds: 1 });
  const succeededAt = server.succeededAt;
  const dir = await mkdtemp(join(tmpdir(), 'redraw-bench-official-'));
  const replicate = new Replicate({ auth: server.token, baseUrl: server.baseUrl, useFileOutput: false });
  const image = `data:image/png;base64,${(await sketchPng(512, 384)).toString('base64')}`;
  const latencies: number[] = [];
  // The same warm-up as Redraw gets: the first round is not counted.
  const total = JOBS + CONCURRENCY;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      let predictionId = '';
      const output = (await replicate.run(
        DEFAULT_MODEL_VERSION as `${string}/${string}:${string}`,
        { input: toModelInput({ ...DEFAULT_PARAMS, prompt: `official ${index}` }, image), wait: { mode: 'poll' } },
        (prediction) => {
          predictionId = prediction.id;
        },
      )) as string[];
      for (const [i, url] of output.entries()) {
        const response = await fetch(url);
        await writeFile(join(dir, `${index}-${i}.png`), Buffer.from(await response.arrayBuffer()));
      }
      if (index >= CONCURRENCY) latencies.push(performance.timeOrigin + performance.now() - (succeededAt.get(predictionId) ?? Number.NaN));
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { p50_ms: round(percentile(latencies, 50), 2), p95_ms: round(percentile(latencies, 95), 2), jobs: latencies.length };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchLatency() {
  const short = await redrawLatency('short');
  const long = await redrawLatency('long');
  const official = await officialLatency();
  return { short, long, official };
}
