import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeReplicate, type FakeReplicate } from '../../../../fake-server/fake-replicate';
import type { AppErrorData } from '../../../shared/app-error';
import type { JobSummary, QueueState } from '../../../shared/job';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';
import { createsBeforeThrottleEnded } from '../../../../test-support/throttle-checks';

const fixtures: CoreFixture[] = [];
const servers: FakeReplicate[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.close();
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function queueJobs(f: CoreFixture, prompts: string[], extra: Partial<typeof DEFAULT_PARAMS> = {}): Promise<JobSummary[]> {
  const draft = await f.call<{ inputId: string }>('input:import', { name: 's.png', bytes: new Uint8Array(await sketchPng(256, 192)) });
  const jobs: JobSummary[] = [];
  for (const prompt of prompts) {
    jobs.push(await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, ...extra, prompt } }));
  }
  return jobs;
}

async function outputsIntact(f: CoreFixture, job: JobSummary): Promise<void> {
  expect(job.outputs.length).toBe(job.params.numOutputs);
  for (const output of job.outputs) {
    const meta = await sharp(join(f.dataDir, 'library', 'jobs', job.id, output.file)).metadata();
    expect(meta.format).toBe('png');
  }
}

describe('the job engine under faults', () => {
  it('every job ends right through 5xx bursts, resets, truncated JSON, slow answers and 429s, with no duplicate create', async () => {
    // Predictions outlast the create's wait, so every job is followed (GET and stream) after it.
    const f = await startCoreFixture({ predictionMs: 2_500, maxWaitSeconds: 1, failPrompt: 'doomed', rateLimit: { perMinute: 90, burst: 2 } });
    fixtures.push(f);
    f.server.injectFaults([
      { match: 'create', kind: 'status', status: 502 },
      { match: 'create', kind: 'status', status: 503 },
      { match: 'create', kind: 'status', status: 500 },
      { match: 'create', kind: 'truncated-json' },
      { match: 'create', kind: 'reset-after-create' },
      { match: 'get', kind: 'reset' },
      { match: 'get', kind: 'truncated-json' },
      { match: 'get', kind: 'status', status: 500 },
      { match: 'stream', kind: 'reset' },
      { match: 'stream', kind: 'status', status: 503 },
      { match: 'download', kind: 'status', status: 502 },
      { match: 'download', kind: 'reset' },
      { match: 'download', kind: 'truncated-json' },
    ]);
    // Not faults: answers slower than usual but well within the client's timeouts, which must
    // simply be waited for (a stall past a timeout is tested where the timeout is short).
    f.server.injectFaults([
      { match: 'create', kind: 'stall', ms: 800 },
      { match: 'stream', kind: 'stall', ms: 500 },
    ]);
    const prompts = Array.from({ length: 10 }, (_, i) => (i === 4 ? 'doomed job' : `job ${i}`));
    const jobs = await queueJobs(f, prompts);
    const ended = await Promise.all(jobs.map((j) => f.waitForJob(j.id, finished, 60_000)));
    for (const job of ended) {
      if (job.params.prompt === 'doomed job') {
        expect(job).toMatchObject({ status: 'failed', error: { code: 'prediction-failed' } });
      } else {
        expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
        await outputsIntact(f, job);
      }
    }
    expect(f.server.stats().creates).toBe(10);
    expect(new Set(ended.map((j) => j.predictionId)).size).toBe(10);
    // Every injected fault and slow answer was met.
    expect(f.server.pendingFaults()).toBe(0);
    // The rate limit was hit, and each of its waits was kept.
    expect(f.server.throttles.length).toBeGreaterThan(0);
    expect(createsBeforeThrottleEnded(f.server)).toEqual([]);
  });

  it('a 429 with only retry_after in the body holds every job until it resets', async () => {
    const f = await startCoreFixture({ predictionMs: 100, rateLimit: { perMinute: 30, burst: 2 } });
    fixtures.push(f);
    const jobs = await queueJobs(f, ['a', 'b', 'c', 'd']);
    const waiting = await f.waitForJob(jobs[2]!.id, (j) => j.waitingUntil !== null);
    expect(Date.parse(waiting.waitingUntil!)).toBeGreaterThan(Date.now());
    const queue = await f.call<QueueState>('queue:get');
    expect(queue.rateLimitedUntil).not.toBeNull();
    for (const job of jobs) expect((await f.waitForJob(job.id, finished, 30_000)).status).toBe('succeeded');
    expect(f.server.stats().creates).toBe(4);
    // Burst 2 of a 30/min limit: the third create is throttled, and the fourth once more at
    // most (it goes when the pause ends, with one new token for two jobs); every wait was kept.
    expect(f.server.throttles.length).toBeGreaterThanOrEqual(1);
    expect(f.server.throttles.length).toBeLessThanOrEqual(2);
    expect(createsBeforeThrottleEnded(f.server)).toEqual([]);
  });

  it('outputs the server already removed mark the job expired, with a clear message', async () => {
    const f = await startCoreFixture({ predictionMs: 400, maxWaitSeconds: 1 });
    fixtures.push(f);
    f.server.injectFaults([{ match: 'download', kind: 'stall', ms: 1_500 }]);
    const [job] = await queueJobs(f, ['too late']);
    await f.waitForJob(job!.id, (j) => j.status === 'downloading');
    f.server.expireOutputs();
    const ended = await f.waitForJob(job!.id, finished);
    expect(ended.status).toBe('expired');
    expect(ended.error?.message).toMatch(/deleted/);
  });

  it('cancels a queued job with no request at all, cancels everything, and retries', async () => {
    const f = await startCoreFixture({ predictionMs: 3_000, maxWaitSeconds: 1 });
    fixtures.push(f);
    await f.call('settings:save', { apiBaseUrl: f.server.baseUrl, modelVersion: 'stability-ai/stable-diffusion-img2img:15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d', concurrency: 1 });
    const [first, second, third] = await queueJobs(f, ['one', 'two', 'three']);
    await f.waitForJob(first!.id, (j) => j.status === 'processing');
    const queue = await f.call<QueueState>('queue:get');
    expect(queue).toMatchObject({ running: [first!.id], waiting: [second!.id, third!.id] });
    const moved = await f.call<QueueState>('jobs:move-up', { jobId: third!.id, toTop: true });
    expect(moved.waiting).toEqual([third!.id, second!.id]);

    const canceledWaiting = await f.call<JobSummary>('jobs:cancel', { jobId: second!.id });
    expect(canceledWaiting).toMatchObject({ status: 'canceled', predictionId: null });
    const { canceled } = await f.call<{ canceled: number }>('jobs:cancel-all');
    expect(canceled).toBe(2);
    for (const job of [first!, third!]) expect((await f.waitForJob(job.id, finished)).status).toBe('canceled');
    expect(f.server.stats().creates).toBe(1);
    await expect.poll(() => f.server.stats().canceled).toBe(1);

    f.server.configure({ predictionMs: 100 });
    await f.call('jobs:retry', { jobId: second!.id });
    const retried = await f.waitForJob(second!.id, (j) => j.status === 'succeeded');
    expect(retried.outputs).toHaveLength(1);
    const refused = await f.call('jobs:retry', { jobId: second!.id }).catch((e: { data: AppErrorData }) => e.data);
    expect(refused).toMatchObject({ code: 'invalid-request' });
  });

  it('offline: with the server down jobs wait, the app says so, and they go out when it is back', async () => {
    const first = await startFakeReplicate({ predictionMs: 100 });
    const port = Number(new URL(first.baseUrl).port);
    const f = await startCoreFixture({}, { server: first });
    fixtures.push(f);
    await first.close();
    const jobs = await queueJobs(f, ['while offline 1', 'while offline 2']);
    await f.waitForJob(jobs[0]!.id, (j) => j.error?.code === 'offline');
    await expect.poll(async () => (await f.call<QueueState>('queue:get')).online).toBe(false);
    // Drafting and the history still work offline.
    expect((await f.history()).length).toBe(2);

    const back = await startFakeReplicate({ predictionMs: 100, port, token: first.token });
    servers.push(back);
    for (const job of jobs) expect((await f.waitForJob(job.id, finished, 40_000)).status).toBe('succeeded');
    expect(back.stats().creates).toBe(2);
    expect((await f.call<QueueState>('queue:get')).online).toBe(true);
  });
});

describe('crash safety', () => {
  it('a main process killed mid-batch resumes every job from its prediction: nothing lost, nothing created twice', async () => {
    const server = await startFakeReplicate({ predictionMs: 1_200, maxWaitSeconds: 1 });
    servers.push(server);
    const dataDir = await mkdtemp(join(tmpdir(), 'redraw-crash-'));
    dirs.push(dataDir);
    const JOBS = 10;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test-support/core-child.ts'], {
      env: { ...process.env, REDRAW_TEST_DATA_DIR: dataDir, REDRAW_TEST_BASE_URL: server.baseUrl, REDRAW_TEST_TOKEN: server.token, REDRAW_TEST_JOBS: String(JOBS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('queued') && resolve()));
    // Kill it while some predictions are running and some jobs never went out.
    await expect.poll(() => server.stats().creates, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(4);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const createsAtCrash = server.stats().creates;
    expect(createsAtCrash).toBeLessThan(JOBS);

    const f = await startCoreFixture({}, { server, dataDir });
    fixtures.push(f);
    const listed = await f.history();
    expect(listed).toHaveLength(JOBS);
    const ended = await Promise.all(listed.map((j) => (finished(j) ? j : f.waitForJob(j.id, finished, 60_000))));
    for (const job of ended) {
      expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
      await outputsIntact(f, job);
    }
    expect(server.stats().creates).toBe(JOBS);
    expect(new Set(ended.map((j) => j.predictionId)).size).toBe(JOBS);
  });
});

describe('settings changed while jobs wait', () => {
  it('a job waiting on a wrong base URL goes to the corrected one', async () => {
    const f = await startCoreFixture({ predictionMs: 100 });
    fixtures.push(f);
    const version = 'stability-ai/stable-diffusion-img2img:15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d';
    await f.call('settings:save', { apiBaseUrl: 'http://127.0.0.1:9/v1', modelVersion: version, token: f.server.token });
    const [job] = await queueJobs(f, ['typo in the url']);
    await f.waitForJob(job!.id, (j) => j.error?.code === 'offline');
    await f.call('settings:save', { apiBaseUrl: f.server.baseUrl, modelVersion: version });
    const done = await f.waitForJob(job!.id, finished);
    expect(done).toMatchObject({ status: 'succeeded', apiBaseUrl: f.server.baseUrl });
    expect(f.server.stats().creates).toBe(1);
  });
});

describe('review regressions', () => {
  it("a job keeps its own server's token: switching services never sends a token to the other", async () => {
    const a = await startFakeReplicate({ predictionMs: 2_500, maxWaitSeconds: 1, token: 'r8_token_for_server_a_000000' });
    servers.push(a);
    const b = await startFakeReplicate({ token: 'sk_token_for_server_b_000000' });
    servers.push(b);
    const f = await startCoreFixture({}, { server: a });
    fixtures.push(f);
    const [job] = await queueJobs(f, ['on server a']);
    await f.waitForJob(job!.id, (j) => j.status === 'processing');
    await f.call('settings:save', { apiBaseUrl: b.baseUrl, modelVersion: 'stability-ai/stable-diffusion-img2img', token: b.token });
    await f.reopen();
    expect((await f.waitForJob(job!.id, finished)).status).toBe('succeeded');
    const authorizations = new Set(a.requests.map((r) => r.headers.authorization).filter(Boolean));
    expect([...authorizations]).toEqual([`Bearer ${a.token}`]);
    expect(b.requests.filter((r) => r.path.includes('/predictions'))).toEqual([]);
  });

  it('a restart while a lost create could not yet be looked up finds it instead of paying again', async () => {
    const f = await startCoreFixture({ predictionMs: 300 });
    fixtures.push(f);
    f.server.injectFaults([
      { match: 'create', kind: 'reset-after-create' },
      // The look-up that follows fails too, so the answer is still unknown when the app stops.
      { match: 'any', kind: 'reset' },
      { match: 'any', kind: 'reset' },
    ]);
    const [job] = await queueJobs(f, ['lost answer']);
    await f.waitForJob(job!.id, (j) => j.error?.code === 'offline');
    const requestsBefore = f.server.requests.length;
    await f.reopen();
    const done = await f.waitForJob(job!.id, finished, 40_000);
    // The restarted app asked the server's list before doing anything else with the job.
    const after = f.server.requests.slice(requestsBefore).filter((r) => r.origin === 'api');
    expect(after[0]).toMatchObject({ method: 'GET', path: '/v1/predictions' });
    expect(done.status).toBe('succeeded');
    expect(f.server.stats().creates).toBe(1);
  });

  it('retrying a job canceled mid-create waits for it, and the new run can still be canceled', async () => {
    const f = await startCoreFixture({ predictionMs: 5_000, maxWaitSeconds: 1 });
    fixtures.push(f);
    f.server.injectFaults([{ match: 'create', kind: 'stall', ms: 1_200 }]);
    const [job] = await queueJobs(f, ['cancel me twice']);
    await f.waitForJob(job!.id, (j) => j.status === 'submitting');
    await f.call('jobs:cancel', { jobId: job!.id });
    await f.call('jobs:retry', { jobId: job!.id });
    await f.waitForJob(job!.id, (j) => j.status === 'processing');
    expect((await f.call<QueueState>('queue:get')).running).toEqual([job!.id]);
    await f.call('jobs:cancel', { jobId: job!.id });
    await expect.poll(() => f.server.stats().canceled, { timeout: 10_000 }).toBe(2);
    // Once nothing runs any more, the job is still canceled: no unwinding run undid it.
    await expect.poll(async () => (await f.call<QueueState>('queue:get')).running).toEqual([]);
    const after = await f.call<JobSummary>('jobs:get', { jobId: job!.id });
    expect(after.status).toBe('canceled');
    expect(f.server.stats().creates).toBe(2);
  });
});
