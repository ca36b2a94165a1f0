import sharp from 'sharp';
import { FormData, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseDurationMs, preferWaitSeconds } from './api-routes';
import { type FakeReplicate, type FakeReplicateOptions, startFakeReplicate, VERSION_ID } from './fake-replicate';

// Every test runs its own fake on random loopback ports, with short timings.
const FAST: FakeReplicateOptions = { predictionMs: 150, startDelayMs: 10 };
const MODEL_VERSION = `stability-ai/stable-diffusion-img2img:${VERSION_ID}`;

const running: FakeReplicate[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

async function start(opts: FakeReplicateOptions = {}): Promise<FakeReplicate> {
  const fake = await startFakeReplicate({ ...FAST, ...opts });
  running.push(fake);
  return fake;
}

// The public prediction JSON; parsing it also checks every documented field is present.
const predictionSchema = z.object({
  id: z.string().regex(/^[a-z0-9]{20}$/),
  model: z.string(),
  version: z.string(),
  input: z.record(z.string(), z.unknown()),
  logs: z.string(),
  output: z.array(z.string()).nullable(),
  data_removed: z.boolean(),
  error: z.string().nullable(),
  status: z.enum(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted']),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  urls: z.object({ get: z.string(), cancel: z.string(), stream: z.string(), web: z.string() }),
  metrics: z.object({ predict_time: z.number().optional(), total_time: z.number() }).optional(),
});
type Prediction = z.infer<typeof predictionSchema>;

const INPUT_SIZE = { width: 64, height: 48 };
let pngCache: Buffer | undefined;
async function inputPng(): Promise<Buffer> {
  pngCache ??= await sharp({ create: { ...INPUT_SIZE, channels: 3, background: { r: 90, g: 120, b: 150 } } })
    .png()
    .toBuffer();
  return pngCache;
}
async function dataUri(): Promise<string> {
  return `data:image/png;base64,${(await inputPng()).toString('base64')}`;
}

type Res = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

async function call(
  fake: FakeReplicate,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<Res> {
  const url = path.startsWith('http') ? path : `${fake.baseUrl}${path}`;
  const token = opts.token === undefined ? fake.token : opts.token;
  const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(url, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

const json = (res: Res): unknown => JSON.parse(res.text);
const asPrediction = (res: Res): Prediction => predictionSchema.parse(json(res));

async function create(
  fake: FakeReplicate,
  input: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Res> {
  return call(fake, 'POST', '/predictions', {
    body: { version: MODEL_VERSION, input: { image: await dataUri(), ...input } },
    headers,
  });
}

async function waitUntilDone(fake: FakeReplicate, id: string, timeoutMs = 5000): Promise<Prediction> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const p = asPrediction(await call(fake, 'GET', `/predictions/${id}`));
    if (['succeeded', 'failed', 'canceled', 'aborted'].includes(p.status)) return p;
    if (performance.now() > deadline) throw new Error(`prediction ${id} still ${p.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type SseEvent = { event: string; data: string; id?: string };
function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string): string[] =>
        lines.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
      const id = field('id')[0];
      return { event: field('event')[0] ?? 'message', data: field('data').join('\n'), ...(id ? { id } : {}) };
    });
}

async function readStream(url: string, headers: Record<string, string> = {}): Promise<{ status: number; events: SseEvent[] }> {
  const res = await request(url, { headers: { accept: 'text/event-stream', ...headers } });
  return { status: res.statusCode, events: parseSse(await res.body.text()) };
}

describe('auth and account', () => {
  it('answers 401 without a token or with a wrong one, and accepts the right one', async () => {
    const fake = await start();
    const missing = await call(fake, 'GET', '/account', { token: null });
    expect(missing.status).toBe(401);
    expect(json(missing)).toEqual({ title: 'Unauthenticated', detail: 'You did not pass an authentication token', status: 401 });
    const wrong = await call(fake, 'GET', '/account', { token: 'r8_wrong' });
    expect(wrong.status).toBe(401);
    expect(json(wrong)).toEqual({ title: 'Unauthenticated', detail: 'Invalid token: r8_wrong.', status: 401 });
    const created = await call(fake, 'POST', '/predictions', { token: null, body: {} });
    expect(created.status).toBe(401);
    const ok = await call(fake, 'GET', '/account');
    expect(ok.status).toBe(200);
    expect(json(ok)).toEqual({ type: 'user', username: 'fake-artist', name: 'Fake Artist' });
  });

  it('accepts any non-empty token in demo mode', async () => {
    const fake = await start({ acceptAnyToken: true });
    expect((await call(fake, 'GET', '/account', { token: 'anything' })).status).toBe(200);
    expect((await call(fake, 'GET', '/account', { token: null })).status).toBe(401);
  });

  it('authenticates r8_fake_nocredit but refuses its creates with 402', async () => {
    const fake = await start();
    expect((await call(fake, 'GET', '/account', { token: 'r8_fake_nocredit' })).status).toBe(200);
    const res = await call(fake, 'POST', '/predictions', {
      token: 'r8_fake_nocredit',
      body: { version: MODEL_VERSION, input: { image: await dataUri() } },
    });
    expect(res.status).toBe(402);
    expect(json(res)).toEqual({
      title: 'Insufficient credit',
      detail:
        'You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to set up billing.',
      status: 402,
    });
    expect(fake.stats().creates).toBe(0);
  });
});

describe('model version', () => {
  it('publishes the Cog schema of the known version and 404s others', async () => {
    const fake = await start();
    const res = await call(fake, 'GET', `/models/stability-ai/stable-diffusion-img2img/versions/${VERSION_ID}`);
    expect(res.status).toBe(200);
    const body = z
      .object({
        id: z.literal(VERSION_ID),
        created_at: z.string(),
        cog_version: z.string(),
        openapi_schema: z.object({
          components: z.object({
            schemas: z.object({
              Input: z.object({ required: z.array(z.string()), properties: z.record(z.string(), z.record(z.string(), z.unknown())) }),
              scheduler: z.object({ enum: z.array(z.string()) }),
            }),
          }),
        }),
      })
      .parse(json(res));
    const { Input, scheduler } = body.openapi_schema.components.schemas;
    expect(Input.required).toEqual(['image']);
    expect(Input.properties.scheduler?.allOf).toEqual([{ $ref: '#/components/schemas/scheduler' }]);
    expect(Input.properties.num_outputs).toMatchObject({ type: 'integer', minimum: 1, maximum: 8 });
    expect(Input.properties.num_inference_steps).toMatchObject({ minimum: 1, maximum: 500 });
    expect(scheduler.enum).toEqual(['DDIM', 'K_EULER', 'DPMSolverMultistep', 'K_EULER_ANCESTRAL', 'PNDM', 'KLMS']);

    const unknown = await call(fake, 'GET', '/models/stability-ai/stable-diffusion-img2img/versions/abc');
    expect(unknown.status).toBe(404);
    expect(json(unknown)).toEqual({ detail: 'The requested resource could not be found.', status: 404 });
    expect((await call(fake, 'GET', '/no/such/route')).status).toBe(404);
  });
});

describe('create validation', () => {
  it('answers 422 with invalid_fields, one per bad field', async () => {
    const fake = await start();
    const res = await create(fake, { num_outputs: 9 });
    expect(res.status).toBe(422);
    expect(json(res)).toEqual({
      title: 'Input validation failed',
      detail: '- input.num_outputs: Must be less than or equal to 8\n',
      status: 422,
      invalid_fields: [{ type: 'number_lte', field: 'input.num_outputs', description: 'Must be less than or equal to 8' }],
    });

    const many = await call(fake, 'POST', '/predictions', {
      body: {
        version: MODEL_VERSION,
        input: { scheduler: 'EULER', guidance_scale: 0.5, prompt_strength: 1.5, num_inference_steps: 2.5, seed: 'x' },
      },
    });
    const fields = z
      .object({ invalid_fields: z.array(z.object({ type: z.string(), field: z.string() })) })
      .parse(json(many)).invalid_fields;
    expect(fields.map((f) => `${f.type} ${f.field}`).sort()).toEqual([
      'enum input.scheduler',
      'invalid_type input.num_inference_steps',
      'invalid_type input.seed',
      'number_gte input.guidance_scale',
      'number_lte input.prompt_strength',
      'required input',
    ]);
    expect(fake.stats().creates).toBe(0);
  });

  it('refuses unknown versions and unknown top-level keys with 422, and accepts all version spellings', async () => {
    const fake = await start();
    const badVersion = await call(fake, 'POST', '/predictions', { body: { version: 'a'.repeat(64), input: { image: await dataUri() } } });
    expect(badVersion.status).toBe(422);
    expect(json(badVersion)).toMatchObject({ title: 'Invalid version or not permitted', status: 422 });
    const extraKey = await call(fake, 'POST', '/predictions', {
      body: { version: VERSION_ID, input: { image: await dataUri() }, stream: true },
    });
    expect(extraKey.status).toBe(422);
    for (const version of [VERSION_ID, MODEL_VERSION, 'stability-ai/stable-diffusion-img2img']) {
      const ok = await call(fake, 'POST', '/predictions', { body: { version, input: { image: await dataUri() } } });
      expect(ok.status).toBe(201);
      expect(asPrediction(ok).version).toBe(VERSION_ID);
    }
    expect((await call(fake, 'POST', '/predictions', { body: {}, headers: { 'cancel-after': 'soon' } })).status).toBe(400);
  });

  it('parses Prefer and Cancel-After like Replicate', () => {
    expect(preferWaitSeconds('wait', 60)).toBe(60);
    expect(preferWaitSeconds('wait=5', 60)).toBe(5);
    expect(preferWaitSeconds('respond-async, wait=90', 60)).toBe(60);
    expect(preferWaitSeconds(undefined, 60)).toBeNull();
    expect(parseDurationMs('30s')).toBe(30_000);
    expect(parseDurationMs('5m')).toBe(300_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('soon')).toBeNull();
  });
});

describe('prediction lifecycle', () => {
  it('Prefer: wait returns the succeeded prediction with outputs', async () => {
    const fake = await start();
    const succeededAt: string[] = [];
    fake.onPredictionSucceeded = (id) => succeededAt.push(id);
    const res = await create(fake, { num_outputs: 2, seed: 42, num_inference_steps: 30 }, { prefer: 'wait' });
    expect(res.status).toBe(201);
    const p = asPrediction(res);
    expect(p.status).toBe('succeeded');
    expect(p.output).toHaveLength(2);
    expect(p.urls.get).toBe(`${fake.baseUrl}/predictions/${p.id}`);
    expect(p.urls.stream).toBe(`${fake.baseUrl}/stream/${p.id}`);
    expect(p.metrics?.predict_time).toBeGreaterThan(0);
    const lines = p.logs.split('\n');
    expect(lines[0]).toBe('Using seed: 42');
    expect(lines[1]).toBe('  0%|          | 0/30 [00:00<?, ?it/s]');
    expect(lines.at(-1)).toMatch(/^100%\|██████████\| 30\/30 \[/);
    expect(lines.length).toBeLessThanOrEqual(50);
    expect(succeededAt).toEqual([p.id]);
    expect(fake.prediction(p.id)).toMatchObject({ id: p.id, status: 'succeeded' });
  });

  it('Prefer: wait=1 times out with processing, then GET follows it to the end', async () => {
    const fake = await start({ predictionMs: 1800 });
    const t0 = performance.now();
    const res = await create(fake, {}, { prefer: 'wait=1' });
    const waited = performance.now() - t0;
    expect(res.status).toBe(201);
    const p = asPrediction(res);
    expect(p.status).toBe('processing');
    expect(p.output).toBeNull();
    expect(waited).toBeGreaterThan(900);
    // Well under the prediction's own length: the wait ended, not the prediction.
    expect(waited).toBeLessThan(2500);
    const done = await waitUntilDone(fake, p.id);
    expect(done.status).toBe('succeeded');
  });

  it('without Prefer answers at once with starting', async () => {
    const fake = await start();
    const p = asPrediction(await create(fake));
    expect(p.status).toBe('starting');
    expect(p.started_at).toBeNull();
    expect(p.metrics).toBeUndefined();
  });

  it('streams logs, then output, then done', async () => {
    const fake = await start({ predictionMs: 300 });
    const p = asPrediction(await create(fake, { num_inference_steps: 10, seed: 7 }));
    const { status, events } = await readStream(p.urls.stream);
    expect(status).toBe(200);
    const kinds = events.map((e) => e.event);
    const firstNonLog = kinds.findIndex((k) => k !== 'logs');
    expect(kinds.slice(firstNonLog)).toEqual(['output', 'done']);
    expect(events[0]).toEqual({ event: 'logs', data: 'Using seed: 7', id: '1' });
    expect(events.filter((e) => e.event === 'logs').at(-1)?.data).toMatch(/^100%.*10\/10/);
    const done = await waitUntilDone(fake, p.id);
    expect(JSON.parse(events.at(-2)?.data ?? 'null')).toEqual(done.output);
    expect(events.at(-1)).toEqual({ event: 'done', data: '{}' });
    // The stream needs no Authorization header.
    expect(fake.requests.find((r) => r.path.startsWith('/v1/stream/'))?.headers.authorization).toBeUndefined();
  });

  it('drops a stream after streamTimeoutMs without done; Last-Event-ID resumes it', async () => {
    const fake = await start({ predictionMs: 900, streamTimeoutMs: 300 });
    const p = asPrediction(await create(fake, { num_inference_steps: 20 }));
    const first = await readStream(p.urls.stream);
    expect(first.events.length).toBeGreaterThan(0);
    expect(first.events.map((e) => e.event)).not.toContain('done');
    const lastId = first.events.at(-1)?.id ?? '0';
    await waitUntilDone(fake, p.id);
    const second = await readStream(p.urls.stream, { 'last-event-id': lastId });
    expect(second.events[0]?.id).toBe(String(Number(lastId) + 1));
    expect(second.events.at(-1)?.event).toBe('done');
  });

  it('cancels a running prediction', async () => {
    const fake = await start({ predictionMs: 2000 });
    const p = asPrediction(await create(fake));
    await new Promise((r) => setTimeout(r, 100));
    const canceled = await call(fake, 'POST', `/predictions/${p.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(asPrediction(canceled).status).toBe('canceled');
    const { events } = await readStream(p.urls.stream);
    expect(events.at(-1)).toEqual({ event: 'done', data: '{"reason":"canceled"}' });
    expect(fake.stats().canceled).toBe(1);
    expect((await call(fake, 'POST', '/predictions/nope/cancel')).status).toBe(404);
  });

  it('Cancel-After aborts a queued prediction and cancels a running one', async () => {
    const fake = await start({ predictionMs: 8000, maxConcurrent: 1, minCancelAfterMs: 0 });
    const running = asPrediction(await create(fake, {}, { 'cancel-after': '3s' }));
    const queued = asPrediction(await create(fake, {}, { 'cancel-after': '1500ms' }));
    await new Promise((r) => setTimeout(r, 150));
    expect(asPrediction(await call(fake, 'GET', `/predictions/${queued.id}`)).status).toBe('starting');
    expect((await waitUntilDone(fake, queued.id)).status).toBe('aborted');
    const ran = await waitUntilDone(fake, running.id);
    expect(ran.status).toBe('canceled');
    expect(ran.started_at).not.toBeNull();
    expect(fake.stats()).toMatchObject({ aborted: 1, canceled: 1 });
  });

  it('fails a prediction on failPrompt and on an undecodable image', async () => {
    const fake = await start({ failPrompt: 'explode' });
    const oom = asPrediction(await create(fake, { prompt: 'please explode' }, { prefer: 'wait' }));
    expect(oom).toMatchObject({ status: 'failed', error: 'CUDA out of memory', output: null });
    const { events } = await readStream(oom.urls.stream);
    expect(events.slice(-2)).toEqual([
      { event: 'error', data: '{"detail":"CUDA out of memory"}' },
      { event: 'done', data: '{"reason":"error"}' },
    ]);
    const garbage = `data:image/png;base64,${Buffer.from('not a png').toString('base64')}`;
    const bad = asPrediction(await create(fake, { image: garbage }, { prefer: 'wait' }));
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/Could not decode input image/);
  });
});

describe('files and outputs', () => {
  it('uploads a file and runs a prediction on its URL; outputs are real PNGs on the other server', async () => {
    const fake = await start();
    const png = await inputPng();
    const form = new FormData();
    form.append('content', new Blob([png], { type: 'image/png' }), 'sketch.png');
    form.append('metadata', JSON.stringify({ job: 'j1' }));
    const upload = await request(`${fake.baseUrl}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.token}` },
      body: form,
    });
    expect(upload.statusCode).toBe(201);
    const file = z
      .object({
        id: z.string(),
        name: z.string(),
        content_type: z.string(),
        size: z.number(),
        checksums: z.object({ sha256: z.string() }),
        metadata: z.record(z.string(), z.unknown()),
        urls: z.object({ get: z.string() }),
      })
      .parse(await upload.body.json());
    expect(file).toMatchObject({ name: 'sketch.png', content_type: 'image/png', size: png.length, metadata: { job: 'j1' } });
    const back = await request(file.urls.get, { headers: { authorization: `Bearer ${fake.token}` } });
    expect(Buffer.from(await back.body.arrayBuffer()).equals(png)).toBe(true);

    const p = asPrediction(await create(fake, { image: file.urls.get, num_outputs: 2 }, { prefer: 'wait' }));
    expect(p.status).toBe('succeeded');
    const outputs = p.output ?? [];
    expect(outputs).toHaveLength(2);
    const bodies: Buffer[] = [];
    for (const url of outputs) {
      expect(url.startsWith(`${fake.outputsOrigin}/pbxt/${p.id}/`)).toBe(true);
      const res = await request(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const bytes = Buffer.from(await res.body.arrayBuffer());
      expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', ...INPUT_SIZE });
      bodies.push(bytes);
    }
    expect(bodies[0]?.equals(bodies[1] ?? Buffer.alloc(0))).toBe(false);
    const downloads = fake.requests.filter((r) => r.origin === 'outputs');
    expect(downloads).toHaveLength(2);
    expect(downloads.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(fake.stats().uploads).toBe(1);
  });

  it('answers 404 for /files when filesApi is off and 413 past the upload limit', async () => {
    const fake = await start({ filesApi: false, maxUploadBytes: 1024 });
    const form = new FormData();
    form.append('content', new Blob([Buffer.alloc(10)]), 'a.bin');
    const off = await request(`${fake.baseUrl}/files`, { method: 'POST', headers: { authorization: `Bearer ${fake.token}` }, body: form });
    expect(off.statusCode).toBe(404);
    expect(await off.body.json()).toEqual({ detail: 'The requested resource could not be found.', status: 404 });
    fake.configure({ filesApi: true });
    const big = new FormData();
    big.append('content', new Blob([Buffer.alloc(4096)]), 'big.bin');
    const tooBig = await request(`${fake.baseUrl}/files`, { method: 'POST', headers: { authorization: `Bearer ${fake.token}` }, body: big });
    expect(tooBig.statusCode).toBe(413);
    await tooBig.body.dump();
  });

  it('removes data after outputTtlMs and on expireOutputs()', async () => {
    const fake = await start({ outputTtlMs: 1_500 });
    const p = asPrediction(await create(fake, {}, { prefer: 'wait' }));
    const url = p.output?.[0] ?? '';
    expect((await request(url)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1_600));
    const later = asPrediction(await call(fake, 'GET', `/predictions/${p.id}`));
    expect(later).toMatchObject({ data_removed: true, output: null, input: {}, logs: '', status: 'succeeded' });
    const gone = await request(url);
    expect(gone.statusCode).toBe(404);
    await gone.body.dump();

    fake.configure({ outputTtlMs: 3_600_000 });
    const q = asPrediction(await create(fake, {}, { prefer: 'wait' }));
    fake.expireOutputs();
    expect(fake.prediction(q.id)).toMatchObject({ data_removed: true, output: null });
    const qGone = await request(q.output?.[0] ?? '');
    expect(qGone.statusCode).toBe(404);
    await qGone.body.dump();
  });
});

describe('limits and shapes', () => {
  it('throttles creates with 429, retry_after in the body and no Retry-After header', async () => {
    const fake = await start({ rateLimit: { perMinute: 6, burst: 2 } });
    expect((await create(fake)).status).toBe(201);
    expect((await create(fake)).status).toBe(201);
    const throttled = await create(fake);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBeUndefined();
    const body = z.object({ detail: z.string(), status: z.literal(429), retry_after: z.number() }).parse(json(throttled));
    expect(body.retry_after).toBeGreaterThanOrEqual(9);
    expect(body.retry_after).toBeLessThanOrEqual(10);
    expect(body.detail).toBe(`Request was throttled. Your rate limit resets in ~${body.retry_after}s.`);
    expect(fake.stats().creates).toBe(2);
  });

  it("answers the seed's synchronous images shape", async () => {
    const fake = await start({ responseShape: 'images' });
    const before = Math.floor(Date.now() / 1000);
    const res = await create(fake, { num_outputs: 2 });
    expect(res.status).toBe(200);
    const body = z
      .object({ created: z.number(), data: z.array(z.object({ url: z.string() })) })
      .strict()
      .parse(json(res));
    expect(body.created).toBeGreaterThanOrEqual(before);
    expect(body.data).toHaveLength(2);
    const png = await request(body.data[0]?.url ?? '');
    expect(png.statusCode).toBe(200);
    await png.body.dump();
  });

  it('keeps predictions past maxConcurrent in starting until a slot frees', async () => {
    const fake = await start({ predictionMs: 2_000, maxConcurrent: 1 });
    const a = asPrediction(await create(fake));
    const b = asPrediction(await create(fake));
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.prediction(a.id)).toMatchObject({ status: 'processing' });
    expect(fake.prediction(b.id)).toMatchObject({ status: 'starting' });
    expect((await waitUntilDone(fake, b.id)).status).toBe('succeeded');
  });

  it('lists predictions newest first, 100 per page', async () => {
    // A long start delay keeps 105 predictions cheap: none of them ever runs.
    const fake = await start({ startDelayMs: 60_000 });
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push(asPrediction(await create(fake)).id);
    const pageSchema = z.object({
      previous: z.null(),
      next: z.string().nullable(),
      results: z.array(predictionSchema),
    });
    const first = pageSchema.parse(json(await call(fake, 'GET', '/predictions')));
    expect(first.results).toHaveLength(100);
    expect(first.results[0]?.id).toBe(ids[104]);
    expect(first.next).toMatch(/\/v1\/predictions\?cursor=/);
    const second = pageSchema.parse(json(await call(fake, 'GET', first.next ?? '')));
    expect(second.results.map((p) => p.id)).toEqual(ids.slice(0, 5).reverse());
    expect(second.next).toBeNull();
  });
});

describe('faults and network', () => {
  it('injects a status fault, then answers normally', async () => {
    const fake = await start();
    fake.injectFaults([{ match: 'create', kind: 'status', status: 503 }]);
    const failed = await create(fake);
    expect(failed.status).toBe(503);
    expect(json(failed)).toMatchObject({ status: 503 });
    expect((await create(fake)).status).toBe(201);
    expect(fake.stats().creates).toBe(1);
  });

  it('reset drops the connection without creating; reset-after-create creates but answers nothing', async () => {
    const fake = await start();
    fake.injectFaults([
      { match: 'create', kind: 'reset' },
      { match: 'create', kind: 'reset-after-create' },
    ]);
    await expect(create(fake)).rejects.toThrow();
    expect(fake.stats().creates).toBe(0);
    await expect(create(fake)).rejects.toThrow();
    expect(fake.stats().creates).toBe(1);
    const list = z.object({ results: z.array(predictionSchema) }).parse(json(await call(fake, 'GET', '/predictions')));
    expect(list.results).toHaveLength(1);
  });

  it('truncated-json answers 200 with half a body; stall delays the answer', async () => {
    const fake = await start();
    const p = asPrediction(await create(fake));
    fake.injectFaults([
      { match: 'get', kind: 'truncated-json' },
      { match: 'get', kind: 'stall', ms: 300 },
    ]);
    const cut = await call(fake, 'GET', `/predictions/${p.id}`);
    expect(cut.status).toBe(200);
    expect(() => JSON.parse(cut.text)).toThrow();
    const t0 = performance.now();
    const slow = await call(fake, 'GET', `/predictions/${p.id}`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
    expect(asPrediction(slow).id).toBe(p.id);
  });

  it('setOffline destroys every connection until it is turned back on', async () => {
    const fake = await start();
    expect((await call(fake, 'GET', '/account')).status).toBe(200);
    fake.setOffline(true);
    await expect(call(fake, 'GET', '/account')).rejects.toThrow();
    await expect(request(`${fake.outputsOrigin}/pbxt/x/out-0.png`)).rejects.toThrow();
    fake.setOffline(false);
    expect((await call(fake, 'GET', '/account')).status).toBe(200);
  });
});
