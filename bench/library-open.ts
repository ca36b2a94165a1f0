import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARAMS } from '../src/shared/model-input';
import { createLibrary } from '../src/main/core/library/library-store';
import { sampleJob } from '../test-support/sample-job';
import { round } from './bench-support';

/** Opening a library of thousands of jobs (what start-up costs an artist with a long history). */
export async function benchLibraryOpen(count = 5000) {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-bench-lib-'));
  const clock = { now: () => Date.now() };
  try {
    const library = await createLibrary(dir, clock);
    for (let i = 0; i < count; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - i) }, async (_, k) => {
          const id = library.newJobId();
          await library.createJobFolder(id);
          const job = sampleJob(id, { params: { ...DEFAULT_PARAMS, prompt: `history ${i + k}` }, logs: 'Using seed: 1\n100%|██████████| 25/25 [00:02<00:00, 9.90it/s]\n'.repeat(4) });
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
