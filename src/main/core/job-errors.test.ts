import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { DEFAULT_PARAMS, toModelInput } from '../../shared/model-input';
import type { AppErrorData } from '../../shared/app-error';
import type { JobSummary } from '../../shared/job';
import { AppError } from '../../shared/app-error';
import { createReplicateClient } from './api/replicate-client';
import { generateFromSketch, jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../test-support/core-fixture';
import { sketchPng } from '../../../test-support/images';
import { createsBeforeThrottleEnded } from '../../../test-support/throttle-checks';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

const generate = (f: CoreFixture, prompt = DEFAULT_PARAMS.prompt): Promise<JobSummary> => generateFromSketch(f, { prompt }, [400, 300]);

async function saveSettings(f: CoreFixture, patch: { modelVersion?: string; token?: string }): Promise<void> {
  await f.call('settings:save', {
    apiBaseUrl: f.server.baseUrl,
    modelVersion: patch.modelVersion ?? 'stability-ai/stable-diffusion-img2img:15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d',
    ...(patch.token ? { token: patch.token } : {}),
  });
}

describe('errors in words a user understands', () => {
  it('401: the token was refused', async () => {
    fixture = await startCoreFixture({}, { token: 'r8_wrong_token_000000000000' });
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('unauthenticated');
    expect(job.error?.message).toMatch(/token/i);
    // The server echoed the refused token in its answer; what the artist sees has it redacted.
    expect(job.error?.message).toContain('[token]');
    expect(job.error?.message).not.toContain('r8_wrong_token');
  });

  it('403 from the output host is about the link, not the token: the job says so and the token is not marked refused', async () => {
    fixture = await startCoreFixture({ predictionMs: 50 });
    fixture.server.injectFaults([{ match: 'download', kind: 'status', status: 403 }]);
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/output's host refused the download \(HTTP 403\)/);
    expect(job.error?.code).not.toBe('unauthenticated');
    expect(await fixture.call('settings:get')).toMatchObject({ tokenState: 'untested' });
  });

  it('402: out of credit', async () => {
    fixture = await startCoreFixture({}, { token: 'r8_fake_nocredit' });
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.error?.code).toBe('insufficient-credit');
  });

  it('422 on the version: check the model version', async () => {
    fixture = await startCoreFixture();
    await saveSettings(fixture, { modelVersion: `stability-ai/stable-diffusion-img2img:${'0'.repeat(64)}` });
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.error?.code).toBe('invalid-version');
    expect(job.error?.message).toMatch(/model version/i);
  });

  it('422 invalid_fields name the control they belong to', async () => {
    fixture = await startCoreFixture();
    const client = createReplicateClient({ baseUrl: fixture.server.baseUrl, token: fixture.server.token, dispatcher: new Agent() });
    const input = toModelInput({ ...DEFAULT_PARAMS, numOutputs: 9 }, `data:image/png;base64,${(await sketchPng(64, 64)).toString('base64')}`);
    const error = await client
      .createPrediction({ version: 'stability-ai/stable-diffusion-img2img:15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d', input })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid-input');
    expect((error as AppError).fields).toEqual([expect.objectContaining({ param: 'numOutputs', field: 'input.num_outputs' })]);
  });

  it('main refuses out-of-range values before any request goes out', async () => {
    fixture = await startCoreFixture();
    const draft = await fixture.call<{ inputId: string }>('input:import', { name: 's.png', bytes: new Uint8Array(await sketchPng(64, 64)) });
    const error = await fixture
      .call('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, guidanceScale: 25 } })
      .catch((e: { data: AppErrorData }) => e.data);
    expect(error).toMatchObject({ code: 'invalid-request', fields: [expect.objectContaining({ param: 'guidanceScale' })] });
    expect(fixture.server.stats().creates).toBe(0);
  });

  it('429: waits as long as the body says, then goes out by itself', async () => {
    fixture = await startCoreFixture({ rateLimit: { perMinute: 60, burst: 1 } });
    const first = await generate(fixture, 'one');
    const second = await generate(fixture, 'two');
    const waiting = await fixture.waitForJob(second.id, (j) => j.waitingUntil !== null);
    expect(waiting.error?.code).toBe('rate-limited');
    expect(waiting.error?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await fixture.waitForJob(first.id, finished)).status).toBe('succeeded');
    expect((await fixture.waitForJob(second.id, finished)).status).toBe('succeeded');
    expect(fixture.server.stats().creates).toBe(2);
    // One 429 (burst 1: the second create), and the resend waited the second its body named.
    expect(fixture.server.throttles.map((t) => t.retryAfterS)).toEqual([1]);
    expect(createsBeforeThrottleEnded(fixture.server)).toEqual([]);
  });

  it('5xx: the service failed, retrying; one prediction in the end', async () => {
    fixture = await startCoreFixture();
    fixture.server.injectFaults([
      { match: 'create', kind: 'status', status: 503, body: '{"detail":"Service unavailable","status":503}' },
      { match: 'create', kind: 'status', status: 500 },
    ]);
    const created = await generate(fixture);
    const retrying = await fixture.waitForJob(created.id, (j) => j.error?.code === 'server-error');
    expect(retrying.status).toBe('submitting');
    expect(retrying.error?.message).toMatch(/service failed/i);
    const job = await fixture.waitForJob(created.id, finished);
    expect(job.status).toBe('succeeded');
    expect(fixture.server.stats().creates).toBe(1);
    expect(fixture.server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/predictions')).toHaveLength(3);
  });

  it('a lost answer to a create is reconciled, not resent', async () => {
    fixture = await startCoreFixture();
    fixture.server.injectFaults([{ match: 'create', kind: 'reset-after-create' }]);
    const job = await fixture.waitForJob((await generate(fixture)).id, finished);
    expect(job.status).toBe('succeeded');
    expect(fixture.server.stats().creates).toBe(1);
  });

  it('network down: the job waits as offline and goes out when the network is back', async () => {
    fixture = await startCoreFixture();
    fixture.server.setOffline(true);
    const job = await generate(fixture);
    const offline = await fixture.waitForJob(job.id, (j) => j.error?.code === 'offline');
    // Dropped connections may have carried the create: it waits as "submitting" until the server
    // can be asked; refused ones surely did not, and it waits in the queue. Offline either way.
    expect(['queued', 'submitting']).toContain(offline.status);
    expect((await fixture.call<{ online: boolean }>('queue:get')).online).toBe(false);
    fixture.server.setOffline(false);
    expect((await fixture.waitForJob(job.id, finished, 40_000)).status).toBe('succeeded');
    expect(fixture.server.stats().creates).toBe(1);
    expect((await fixture.call<{ online: boolean }>('queue:get')).online).toBe(true);
  });

  it('a failed prediction says why', async () => {
    fixture = await startCoreFixture({ failPrompt: 'explode' });
    const job = await fixture.waitForJob((await generate(fixture, 'please explode')).id, finished);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'prediction-failed' } });
    expect(job.error?.message).toMatch(/out of memory/i);
  });

  it('no token: generating is refused with a clear message', async () => {
    fixture = await startCoreFixture({}, { token: null });
    const draft = await fixture.call<{ inputId: string }>('input:import', { name: 's.png', bytes: new Uint8Array(await sketchPng(64, 64)) });
    const error = await fixture.call('jobs:create', { inputId: draft.inputId, params: DEFAULT_PARAMS }).catch((e: { data: AppErrorData }) => e.data);
    expect(error).toMatchObject({ code: 'no-token' });
  });
});
