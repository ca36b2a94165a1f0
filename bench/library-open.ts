import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARAMS } from '../src/shared/model-input';
import type { Job } from '../src/shared/job';
import { createLibrary } from '../src/main/core/library/library-store';
import { round } from './bench-support';

/** Opening a library of thousands of jobs (what start-up costs an artist with a long history). */
export async function benchLibraryOpen(count = 5000) {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-bench-lib-'));
  const clock = { now: () => Date.now() };
  try {
    const library = await createLibrary(dir, clock);
    const now = new Date().toISOString();
    for (let i = 0; i < count; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - i) }, async (_, k) => {
          const id = library.newJobId();
          await library.createJobFolder(id);
          const job: Job = {
            id,
            status: 'succeeded',
            params: { ...DEFAULT_PARAMS, prompt: `history ${i + k}` },
            seedUsed: i + k,
            modelVersion: 'stability-ai/stable-diffusion-img2img',
            apiBaseUrl: 'https://api.replicate.com/v1',
            input: { file: 'input.png', width: 1024, height: 768, bytes: 200_000, sourceName: 'sketch.png' },
            inputTransport: 'data-uri',
            predictionId: `p${i + k}`,
            predictionUrls: null,
            responseShape: 'prediction',
            outputs: [{ file: 'output-1.png', bytes: 900_000, sourceUrl: 'https://replicate.delivery/x.png' }],
            pendingOutputUrls: [],
            logs: 'Using seed: 1\n100%|██████████| 25/25 [00:02<00:00, 9.90it/s]\n'.repeat(4),
            progress: { percent: 100, current: 25, total: 25, etaSeconds: 0 },
            error: null,
            waitingUntil: null,
            timings: { createdAt: now, submittedAt: now, startedAt: now, completedAt: now, storedAt: now, predictTimeSeconds: 2.1, totalTimeSeconds: 2.4 },
            updatedAt: now,
          };
          await library.saveJob(job);
        }),
      );
    }
    const runs: number[] = [];
    for (let r = 0; r < 3; r++) {
      const started = performance.now();
      const reopened = await createLibrary(dir, clock);
      const list = reopened.listJobs();
      runs.push(performance.now() - started);
      if (list.length !== count) throw new Error(`library open: ${list.length}/${count} jobs`);
    }
    return { jobs: count, open_ms: round(Math.min(...runs)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
