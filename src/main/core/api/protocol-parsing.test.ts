import { describe, expect, it } from 'vitest';
import { errorFromResponse, MAX_RETRY_AFTER_S, retryAfterSeconds } from './api-errors';
import { outputUrls, predictionSchema } from './prediction-shapes';
import { predictionUrls } from './prediction-urls';
import { parseSse } from './sse';
import { progressFromLogs, seedFromLogs } from './tqdm-progress';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('reading the SSE stream', () => {
  it('joins events split across chunks, multi-line data, and CRLF line ends', async () => {
    const events = await collect(
      parseSse(chunks('event: logs\r\ndata: Using seed: 5\r\n\r', '\nevent: lo', 'gs\ndata: a\ndata: b\n\n: comment\n\nevent: done\ndata: {}\n\n')),
    );
    expect(events).toEqual([
      { event: 'logs', data: 'Using seed: 5' },
      { event: 'logs', data: 'a\nb' },
      { event: 'done', data: '{}' },
    ]);
  });
});

describe('progress from the model logs', () => {
  it('reads the last tqdm line as percent, steps and ETA', () => {
    const logs = 'Using seed: 1234\n  0%|          | 0/25 [00:00<?, ?it/s]\n 40%|████      | 10/25 [00:01<00:02,  9.80it/s]\n';
    expect(progressFromLogs(logs)).toEqual({ percent: 40, current: 10, total: 25, etaSeconds: 2 });
    expect(seedFromLogs(logs)).toBe(1234);
  });

  it('says nothing when there is no progress line', () => {
    expect(progressFromLogs('loading weights\n')).toBeNull();
    expect(seedFromLogs('')).toBeNull();
  });
});

describe('rate-limit waits', () => {
  it('prefers the body retry_after, then the "~Ns" text, then the headers', () => {
    expect(retryAfterSeconds({ retry_after: 12, detail: '~30s' }, { 'retry-after': '99' })).toBe(12);
    expect(retryAfterSeconds({ detail: 'Request was throttled. Your rate limit resets in ~7s.' }, { 'retry-after': '99' })).toBe(7);
    expect(retryAfterSeconds({}, { 'retry-after': '3' })).toBe(3);
    expect(retryAfterSeconds({}, { 'ratelimit-reset': '4' })).toBe(4);
    expect(retryAfterSeconds({}, {})).toBeUndefined();
  });

  it('caps the wait a server asks for: an hour (or 2^31 ms and more) would stall every create', () => {
    expect(retryAfterSeconds({ retry_after: 3600 }, {})).toBe(MAX_RETRY_AFTER_S);
    expect(retryAfterSeconds({ retry_after: 2 ** 40 }, {})).toBe(MAX_RETRY_AFTER_S);
    expect(retryAfterSeconds({ detail: 'resets in ~86400s' }, {})).toBe(MAX_RETRY_AFTER_S);
    expect(retryAfterSeconds({}, { 'retry-after': new Date(Date.now() + 86_400_000).toUTCString() })).toBe(MAX_RETRY_AFTER_S);
    expect(retryAfterSeconds({}, { 'ratelimit-reset': '1e12' })).toBe(MAX_RETRY_AFTER_S);
    expect(MAX_RETRY_AFTER_S).toBeLessThanOrEqual(300);
  });

  it('turns a 429 into a wait the artist can read', () => {
    const error = errorFromResponse(429, {}, '{"detail":"Request was throttled. Your rate limit resets in ~30s.","status":429,"retry_after":30}', (t) => t);
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.message).toContain('30 s');
  });

  it('never repeats the token a server echoed back', () => {
    const error = errorFromResponse(401, {}, '{"detail":"Invalid token r8_secret_abc"}', (t) => t.split('r8_secret_abc').join('[token]'));
    expect(error.message).not.toContain('r8_secret_abc');
  });
});

describe('model outputs', () => {
  it('accepts a list of URLs or a single URL and ignores anything else', () => {
    expect(outputUrls(['https://a/x.png', 'https://a/y.png'])).toEqual(['https://a/x.png', 'https://a/y.png']);
    expect(outputUrls('https://a/x.png')).toEqual(['https://a/x.png']);
    expect(outputUrls(null)).toEqual([]);
    expect(outputUrls([1, 'javascript:alert(1)', 'file:///etc/passwd'])).toEqual([]);
  });
});

describe('prediction ids and the URLs built from them', () => {
  const prediction = (id: string, urls: Record<string, string> = {}) => predictionSchema.safeParse({ id, status: 'starting', urls });

  it('refuses an id that could leave the API path, and accepts Replicate and UUID ids', () => {
    for (const id of ['../../x', 'a/b', '%2e%2e', '..', 'x?y', '']) expect(prediction(id).success, id).toBe(false);
    for (const id of ['ufawqhfynnddngldkgtslldrkq', '3f2b9c1e-8d7a-4b5c-9e1f-2a3b4c5d6e7f']) expect(prediction(id).success, id).toBe(true);
  });

  it('follows and cancels under the job’s own API base, whatever URLs the server names', () => {
    const parsed = predictionSchema.parse({
      id: 'abc_123',
      status: 'starting',
      urls: { get: 'https://elsewhere.example/steal', cancel: 'https://elsewhere.example/steal/cancel', stream: 'https://stream.example/s/abc' },
    });
    expect(predictionUrls('https://api.replicate.com/v1/', parsed)).toEqual({
      get: 'https://api.replicate.com/v1/predictions/abc_123',
      cancel: 'https://api.replicate.com/v1/predictions/abc_123/cancel',
      stream: 'https://stream.example/s/abc',
    });
  });
});
