import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job, JobSummary } from '../../../shared/job';
import { generateFromSketch, jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { startRunHarness, type RunHarness } from '../../../../test-support/run-harness';
import { MAX_LOG_CHARS } from './log-tail';

const fixtures: CoreFixture[] = [];
const harnesses: RunHarness[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.close();
  for (const h of harnesses.splice(0)) await h.close();
});

const generate = (f: CoreFixture): Promise<JobSummary> => generateFromSketch(f, { prompt: 'hostile stream' });

/**
 * The longest the event loop was kept from turning while `work` ran, in ms. Main answers IPC
 * on this loop, so this is how long a click could go unanswered.
 */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const result = await work();
    return { result, stallMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}

const streamRequests = (f: CoreFixture): number => f.server.requests.filter((r) => r.path.startsWith('/v1/stream/')).length;

describe('a hostile event stream', () => {
  it('a stream that never ends a line is abandoned at the line cap; the job ends by GET and main stays responsive', async () => {
    // The create returns while the prediction still runs, so the job goes to the stream.
    const f = await startCoreFixture({ predictionMs: 2_000, maxWaitSeconds: 1 });
    fixtures.push(f);
    f.server.injectFaults([{ match: 'stream', kind: 'sse-no-line-end' }]);
    const { result: job, stallMs } = await longestStall(async () => f.waitForJob((await generate(f)).id, finished));
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.outputs).toHaveLength(1);
    // Not a stream worth another try: polled from there on.
    expect(streamRequests(f)).toBe(1);
    expect(stallMs).toBeLessThan(1_000);
  });

  it('10,000 log lines at once: main stays responsive and the job ends', async () => {
    const f = await startCoreFixture({ predictionMs: 2_000, maxWaitSeconds: 1 });
    fixtures.push(f);
    f.server.injectFaults([{ match: 'stream', kind: 'log-flood', lines: 10_000 }]);
    const { result: job, stallMs } = await longestStall(async () => f.waitForJob((await generate(f)).id, finished));
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(stallMs).toBeLessThan(1_000);
  });

  it('the log of a flood is kept as a bounded tail, and its progress is read to the last line', async () => {
    const h = await startRunHarness({ predictionMs: 2_000, maxWaitSeconds: 1 });
    harnesses.push(h);
    h.server.injectFaults([{ match: 'stream', kind: 'log-flood', lines: 10_000 }]);
    const seen: Job[] = [];
    const { result: job, stallMs } = await longestStall(() => h.runOne({ onUpdate: (j) => seen.push(j) }));
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(stallMs).toBeLessThan(1_000);
    // What the job showed once the flood had been read, before the real run's own logs replaced it.
    const flooded = seen.find((j) => j.progress?.total === 10_000 && j.progress.current === 10_000);
    expect(flooded?.logs).toMatch(/10000\/10000 \[00:01<00:01, {2}9\.80it\/s\]\n$/);
    expect(flooded?.logs.length).toBeLessThanOrEqual(MAX_LOG_CHARS + 100);
  });

  it('a stream of nothing but keep-alives is trusted only so long: the job falls back to GET and ends', async () => {
    const h = await startRunHarness({ predictionMs: 2_000, maxWaitSeconds: 1 });
    harnesses.push(h);
    h.server.injectFaults([{ match: 'stream', kind: 'keep-alive-only', intervalMs: 50 }]);
    const job = await h.runOne({ limits: { streamIdleMs: 400 } });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.outputs).toHaveLength(1);
    // Given up, not reopened: the end came from GET.
    expect(h.server.requests.filter((r) => r.path.startsWith('/v1/stream/'))).toHaveLength(1);
  });

  it('a stream that stalls past the time it is trusted (no answer at all) is a fault met: the job ends by GET', async () => {
    const h = await startRunHarness({ predictionMs: 1_500, maxWaitSeconds: 1 });
    harnesses.push(h);
    // Far longer than the 400 ms the stream is trusted, and than the prediction itself.
    h.server.injectFaults([{ match: 'stream', kind: 'stall', ms: 20_000 }]);
    const job = await h.runOne({ limits: { streamIdleMs: 400 } });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(h.server.pendingFaults()).toBe(0);
    expect(h.server.requests.filter((r) => r.path.startsWith('/v1/stream/'))).toHaveLength(1);
  });
});
