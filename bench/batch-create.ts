import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepAllSpec } from '../src/shared/batch-spec';
import { DEFAULT_PARAMS } from '../src/shared/model-input';
import { sketchPng } from '../test-support/images';
import { seedLibrary } from '../test-support/seed-library';
import { call, percentile, round, settleDisk, startBenchCore } from './bench-support';
import { startRemoteFake } from './remote-fake';

const SOURCES = 5;
const SEEDS = 100;

/**
 * `batch.create_500_ms`: one batches:create call that makes 500 jobs (5 selected jobs x 100 seeds)
 * in main, records written and queued, timed from the call to its answer. The baseline, in the
 * same run: the same 500 jobs made the way the page made many jobs before batches, one
 * jobs:create call each. The server never answers a prediction within the run, so only creation is timed.
 */
export async function benchBatchCreate(runs = 3) {
  const server = await startRemoteFake({ predictionMs: 600_000, startDelayMs: 0 });
  const batchMs: number[] = [];
  const loopMs: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const dataDir = await mkdtemp(join(tmpdir(), 'redraw-bench-batch-create-'));
      const sources = await seedLibrary(dataDir, { count: SOURCES, outputsPerJob: 1 });
      const { core, close } = await startBenchCore(server, 4, { dataDir });
      try {
        settleDisk();
        const spec = { ...keepAllSpec(sources.map((job) => job.id)), seed: { mode: 'values' as const, text: `1-${SEEDS} step 1` } };
        let started = performance.now();
        const batch = await call(core, 'batches:create', { spec, confirmedCostUsd: 1_000 });
        batchMs.push(performance.now() - started);
        if (batch.total !== SOURCES * SEEDS) throw new Error(`batch create: ${batch.total} jobs, expected ${SOURCES * SEEDS}`);

        // Baseline: the same number of jobs, one call each.
        const draft = await call(core, 'input:import', { name: 'bench.png', bytes: new Uint8Array(await sketchPng(768, 512)) });
        started = performance.now();
        for (let i = 0; i < SOURCES * SEEDS; i++) {
          await call(core, 'jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, seed: i } });
        }
        loopMs.push(performance.now() - started);
      } finally {
        await close();
      }
    }
  } finally {
    await server.close();
  }
  const median = percentile(batchMs, 50);
  const baseline = percentile(loopMs, 50);
  return {
    jobs: SOURCES * SEEDS,
    create_500_ms: round(median, 1),
    create_500_min_ms: round(Math.min(...batchMs), 1),
    one_call_per_job_ms: round(baseline, 1),
    speedup_vs_one_call_per_job: round(baseline / median, 1),
  };
}
