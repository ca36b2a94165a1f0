import { afterEach, describe, expect, it } from 'vitest';
import type { DraftInput, Job, JobSummary } from '../../../shared/job';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';
import { logTail, MAX_LOG_CHARS } from './log-tail';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

describe('a job keeps a bounded tail of its log', () => {
  it('cuts a long log at a line start, keeping the end and saying so', () => {
    expect(logTail('short\n')).toBe('short\n');
    const long = `${'x'.repeat(99)}\n`.repeat(5_000) + 'last line\n';
    const tail = logTail(long);
    expect(tail.length).toBeLessThanOrEqual(MAX_LOG_CHARS + 60);
    expect(tail.startsWith('[earlier lines of the log were not kept]\nxxx')).toBe(true);
    expect(tail.endsWith('last line\n')).toBe(true);
    // Cut again as it grows: still bounded, still marked once.
    expect(logTail(`${tail}${long}`).split('[earlier lines').length).toBe(2);
  });

  it('a chatty model (2 MB of warnings) ends with its seed, its progress and a bounded record', async () => {
    fixture = await startCoreFixture({ predictionMs: 300, chattyLogBytes: 2_000_000 });
    const f = fixture;
    const draft = await f.call<DraftInput>('input:import', { name: 'hill.png', bytes: new Uint8Array(await sketchPng(320, 240)) });
    const created = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, seed: 4242 } });
    const done = await f.waitForJob(created.id, (job) => ['succeeded', 'failed'].includes(job.status));
    expect(done.status).toBe('succeeded');
    expect(done.seedUsed).toBe(4242);
    expect(done.progress?.percent).toBe(100);
    const full = await f.call<Job>('jobs:get', { jobId: created.id });
    expect(full.logs.length).toBeLessThanOrEqual(MAX_LOG_CHARS + 60);
    expect(full.logs.startsWith('[earlier lines of the log were not kept]')).toBe(true);
    expect(full.logs).toMatch(/100%\|/);
  });
});
