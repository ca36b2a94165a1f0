import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../shared/job';
import { generateFromSketch, jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { canonical } from './reconcile-create';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

const generate = (f: CoreFixture): Promise<JobSummary> => generateFromSketch(f, { prompt: 'hostile answers' });

const listRequests = (f: CoreFixture): number => f.server.requests.filter((r) => r.method === 'GET' && /^\/v1\/predictions(\?|$)/.test(r.path)).length;

describe('answers too large or too deep', () => {
  it('a prediction answer past 16 MB (huge logs) fails the job with a clear error, without retrying it', async () => {
    fixture = await startCoreFixture({ predictionMs: 2_000, maxWaitSeconds: 1 });
    // No stream, so the first thing after the create is a GET, and its answer is 17 MB.
    fixture.server.injectFaults([
      { match: 'stream', kind: 'status', status: 404 },
      { match: 'get', kind: 'huge-json', bytes: 17 * 1024 * 1024 },
    ]);
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('bad-response');
    expect(job.error?.message).toMatch(/answer larger than 16 MB/);
    const gets = fixture.server.requests.filter((r) => /^\/v1\/predictions\/[^/]+$/.test(r.path)).length;
    expect(gets).toBe(1);
  });

  it('a list of predictions with an input nested 100,000 deep is searched safely: the lost create is found, not resent', async () => {
    fixture = await startCoreFixture({ predictionMs: 300 });
    fixture.server.injectFaults([
      { match: 'create', kind: 'reset-after-create' },
      // Every list answer (however often it is asked) carries the hostile item first.
      ...Array.from({ length: 20 }, () => ({ match: 'list' as const, kind: 'deep-input' as const, depth: 100_000 })),
    ]);
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(fixture.server.stats().creates).toBe(1);
    expect(listRequests(fixture)).toBe(1);
  });

  it('a list of predictions that can never be read ends the job with a clear error instead of asking forever', async () => {
    fixture = await startCoreFixture({ predictionMs: 300 });
    fixture.server.injectFaults([
      { match: 'create', kind: 'reset-after-create' },
      ...Array.from({ length: 50 }, () => ({ match: 'list' as const, kind: 'truncated-json' as const })),
    ]);
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/answer to the request was lost/);
    expect(job.error?.message).toMatch(/list of predictions could not be read/);
    expect(fixture.server.stats().creates).toBe(1);
    expect(listRequests(fixture)).toBeLessThanOrEqual(4);
  });

  it('canonical() refuses values nested past 64 levels instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(canonical(deep)).toBeNull();
    expect(canonical({ b: [1, { c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x"}]}');
  });
});
