import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import type { JobSummary } from '../../../shared/job';
import { generateFromSketch, jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { startRunHarness, type RunHarness } from '../../../../test-support/run-harness';
import { openOutput } from '../api/download-output';

const fixtures: CoreFixture[] = [];
const harnesses: RunHarness[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.close();
  for (const h of harnesses.splice(0)) await h.close();
});

const generate = (f: CoreFixture, numOutputs = 1): Promise<JobSummary> => generateFromSketch(f, { prompt: 'hostile outputs', numOutputs });

async function start(): Promise<CoreFixture> {
  const f = await startCoreFixture({ predictionMs: 200 });
  fixtures.push(f);
  return f;
}

const downloads = (f: { server: CoreFixture['server'] }) => f.server.requests.filter((r) => r.origin === 'outputs');
const jobFolder = (f: CoreFixture, jobId: string): Promise<string[]> => readdir(join(f.dataDir, 'library', 'jobs', jobId));
/** Half-written outputs would be here (the record's own background copy may pass through too). */
const tempOutputs = async (dir: string): Promise<string[]> => (await readdir(join(dir, 'library', 'tmp'))).filter((name) => name.includes('output-'));

describe('outputs from a broken or hostile server', () => {
  it('an HTML page instead of the image fails the job at once, with nothing written', async () => {
    const f = await start();
    f.server.injectFaults([{ match: 'download', kind: 'html' }]);
    const job = await f.waitForJob((await generate(f)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/not a PNG, JPEG or WebP image \(the server sent text\/html\)/);
    expect(downloads(f)).toHaveLength(1);
    expect((await jobFolder(f, job.id)).filter((name) => name.startsWith('output-'))).toEqual([]);
  });

  it('an output past 100 MB is cut off while streaming and not retried; nothing half-written is left', async () => {
    const f = await start();
    f.server.injectFaults([{ match: 'download', kind: 'huge-image', bytes: 101 * 1024 * 1024 }]);
    const job = await f.waitForJob((await generate(f)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/larger than 100 MB/);
    expect(downloads(f)).toHaveLength(1);
    expect((await jobFolder(f, job.id)).filter((name) => name.startsWith('output-'))).toEqual([]);
    expect(await tempOutputs(f.dataDir)).toEqual([]);
  });

  it('outputs are downloaded two at a time, each whole on disk', async () => {
    const f = await start();
    // Each download held a moment, so downloads started together would overlap at the server.
    f.server.injectFaults(Array.from({ length: 8 }, () => ({ match: 'download' as const, kind: 'stall' as const, ms: 150 })));
    const job = await f.waitForJob((await generate(f, 8)).id, finished);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.outputs).toHaveLength(8);
    for (const output of job.outputs) {
      expect((await sharp(join(f.dataDir, 'library', 'jobs', job.id, output.file)).stats()).channels.length).toBeGreaterThan(0);
    }
    expect(f.server.maxConcurrentDownloads()).toBeLessThanOrEqual(2);
  });

  it("a job's outputs together may not pass its byte budget", async () => {
    const h = await startRunHarness({ predictionMs: 200 });
    harnesses.push(h);
    h.server.injectFaults(Array.from({ length: 4 }, () => ({ match: 'download' as const, kind: 'huge-image' as const, bytes: 600 * 1024 })));
    const job = await h.runOne({ params: { numOutputs: 4 }, limits: { maxOutputBytes: 1024 * 1024, maxJobOutputBytes: 1536 * 1024 } });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/outputs of this job are larger than 1\.5 MB together/);
    expect(job.outputs).toEqual([]);
    expect(await tempOutputs(h.dataDir)).toEqual([]);
  });

  it('a prediction with more than 64 outputs keeps the first 64 and says so in its log', async () => {
    const f = await start();
    f.server.injectFaults([{ match: 'create', kind: 'many-outputs', count: 70 }]);
    const job = await f.waitForJob((await generate(f)).id, finished, 60_000);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.outputs).toHaveLength(64);
    expect(downloads(f)).toHaveLength(64);
    const detail = await f.call<{ logs: string }>('jobs:get', { jobId: job.id });
    expect(detail.logs).toMatch(/returned 70 images; only the first 64 were kept/);
  });
});

describe('redirected outputs', () => {
  it('an output that takes longer than its deadline (a host that barely answers) fails the job, not retried', async () => {
    const h = await startRunHarness({ predictionMs: 50 });
    try {
      // Far longer than the deadline: without it the job would wait on the socket's own timeouts, again and again.
      h.server.injectFaults([{ match: 'download', kind: 'stall', ms: 20_000 }]);
      const job = await h.runOne({ limits: { outputDeadlineMs: 300 } });
      expect(job.status).toBe('failed');
      expect(job.error?.message).toBe('An output took longer than 0.3 s to download; giving up on it.');
      expect(h.server.requests.filter((r) => r.origin === 'outputs')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a relative redirect is followed, and no download ever carries the token', async () => {
    const f = await start();
    f.server.injectFaults([{ match: 'download', kind: 'redirect', status: 302 }]);
    const job = await f.waitForJob((await generate(f)).id, finished);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const paths = downloads(f).map((r) => r.path);
    expect(paths).toHaveLength(2);
    expect(paths[1]).toBe(`${paths[0]}?hop=1`);
    for (const request of downloads(f)) expect(request.headers.authorization).toBeUndefined();
  });

  it('more than 5 redirects fail the job clearly', async () => {
    const f = await start();
    f.server.injectFaults(Array.from({ length: 6 }, () => ({ match: 'download' as const, kind: 'redirect' as const, status: 307 as const })));
    const job = await f.waitForJob((await generate(f)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/redirected more than 5 times/);
    expect(downloads(f)).toHaveLength(6);
  });

  it('a redirect to plain http on another host is refused before any request goes there', async () => {
    const f = await start();
    f.server.injectFaults([{ match: 'download', kind: 'redirect', location: 'http://outputs.example.invalid/out.png' }]);
    const job = await f.waitForJob((await generate(f)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/plain http \(outputs\.example\.invalid\)/);
  });

  it('an http:// output URL off this machine is refused with a clear error', async () => {
    const error = await openOutput('http://outputs.example.invalid/out.png').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'bad-response', message: expect.stringMatching(/only downloaded over https/) });
  });
});
