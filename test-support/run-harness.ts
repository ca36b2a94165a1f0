import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import type { FakeReplicateOptions } from '../fake-server/types';
import { AppError } from '../src/shared/app-error';
import type { Job } from '../src/shared/job';
import { DEFAULT_PARAMS, type GenerationParams } from '../src/shared/model-input';
import { DEFAULT_MODEL_VERSION } from '../src/shared/settings';
import { createReplicateClient } from '../src/main/core/api/replicate-client';
import { createCreatePacer } from '../src/main/core/jobs/create-pacer';
import { freshRun } from '../src/main/core/jobs/fresh-run';
import type { RunContext } from '../src/main/core/jobs/run-context';
import type { RunLimits } from '../src/main/core/jobs/run-limits';
import { runJob } from '../src/main/core/jobs/run-job';
import { openJobFiles, type JobFiles } from '../src/main/core/library/job-files';
import { sampleJob } from './sample-job';
import { sketchPng } from './images';


export type RunHarness = {
  server: FakeReplicate;
  files: JobFiles;
  dataDir: string;
  /**
   * Runs one new job through runJob (the engine's run, without its queue) with the given limits,
   * to its end; a thrown error ends it `failed` with that error, as the engine does.
   */
  runOne(options?: { limits?: Partial<RunLimits>; params?: Partial<GenerationParams>; onUpdate?: (job: Job) => void }): Promise<Job>;
  close(): Promise<void>;
};

/**
 * One job's run against the fake server with limits a test chooses (a minute-long stream limit
 * met in half a second), real HTTP and real library files; the core fixture covers the rest.
 */
export async function startRunHarness(serverOptions: FakeReplicateOptions = {}): Promise<RunHarness> {
  const server = await startFakeReplicate({ predictionMs: 300, startDelayMs: 20, ...serverOptions });
  const dataDir = await mkdtemp(join(tmpdir(), 'redraw-run-'));
  const clock = { now: () => Date.now() };
  const files = await openJobFiles(dataDir, clock);
  const dispatcher = new Agent({ connections: 16 });
  const input = await sketchPng(256, 192);

  return {
    server,
    files,
    dataDir,
    async runOne(options = {}) {
      const jobId = files.newJobId();
      await files.createJobFolder(jobId);
      await writeFile(files.jobFilePath(jobId, 'input.png'), input);
      let job: Job = sampleJob(jobId, {
        ...freshRun(new Date().toISOString()),
        apiBaseUrl: server.baseUrl,
        modelVersion: DEFAULT_MODEL_VERSION,
        params: { ...DEFAULT_PARAMS, ...options.params },
        seedUsed: null,
        input: { file: 'input.png', width: 256, height: 192, bytes: input.byteLength, sourceName: 'sketch.png' },
      });
      const controller = new AbortController();
      const ctx: RunContext = {
        jobId,
        client: createReplicateClient({ baseUrl: server.baseUrl, token: server.token, dispatcher }),
        dispatcher,
        files,
        clock,
        signal: controller.signal,
        createSignal: new AbortController().signal,
        cancelRequested: () => false,
        job: () => job,
        update: async (change) => {
          job = { ...job, ...change };
          options.onUpdate?.(job);
          return job;
        },
        noFilesApi: new Set(),
        pacer: createCreatePacer(clock),
        reconcile: (search) => search({ has: () => false }),
      };
      try {
        await runJob(ctx, options.limits);
      } catch (error) {
        const data = error instanceof AppError ? error.toData() : new AppError('internal', String(error)).toData();
        job = { ...job, status: 'failed', error: data };
      } finally {
        controller.abort();
      }
      return job;
    },
    async close() {
      await dispatcher.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
