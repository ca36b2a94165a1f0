import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCreatePacer } from './create-pacer';

afterEach(() => {
  vi.useRealTimers();
});

/** Replicate-style limit on the server side: a bucket of `burst`, refilled at `perS` a second. */
function serverBucket(now: () => number, perS: number, burst: number) {
  let tokens = burst;
  let last = now();
  return {
    take(): { ok: true } | { ok: false; retryAfterS: number } {
      tokens = Math.min(burst, tokens + ((now() - last) / 1000) * perS);
      last = now();
      if (tokens >= 1) {
        tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / perS)) };
    },
  };
}

describe('create pacing', () => {
  it('learns an unknown limit from 429s and then uses nearly all of it', async () => {
    vi.useFakeTimers();
    const clock = { now: () => Date.now() };
    const pacer = createCreatePacer(clock);
    const server = serverBucket(clock.now, 2, 10);
    const signal = new AbortController().signal;
    let accepted = 0;
    let limited = 0;
    const start = clock.now();
    // Eight jobs keep asking, as a batch with concurrency 8 would.
    const worker = async (): Promise<void> => {
      while (clock.now() - start < 120_000) {
        await pacer.acquire(signal);
        const answer = server.take();
        if (answer.ok) {
          pacer.accepted();
          accepted++;
        } else {
          pacer.limited(answer.retryAfterS);
          limited++;
        }
      }
    };
    let finished = false;
    const workers = Promise.all(Array.from({ length: 8 }, worker)).then(() => {
      finished = true;
    });
    // Simulated time: run the timers until every worker has passed the two minutes.
    while (!finished) await vi.advanceTimersByTimeAsync(1_000);
    await workers;
    // The server allows 10 + 2/s over 120 s = 250 creates; pacing must not waste much of it...
    expect(accepted).toBeGreaterThanOrEqual(240);
    // ...and must not hammer it: far fewer 429s than creates.
    expect(limited).toBeLessThan(accepted / 4);
  });

  it('serves waiting creates in arrival order', async () => {
    vi.useFakeTimers();
    const pacer = createCreatePacer({ now: () => Date.now() }, { ratePerS: 1, burst: 1 });
    const signal = new AbortController().signal;
    const order: number[] = [];
    const all = Promise.all([1, 2, 3].map((n) => pacer.acquire(signal).then(() => order.push(n))));
    await vi.advanceTimersByTimeAsync(3_000);
    await all;
    expect(order).toEqual([1, 2, 3]);
  });

  it('a canceled wait does not hold up the ones behind it', async () => {
    vi.useFakeTimers();
    const pacer = createCreatePacer({ now: () => Date.now() }, { ratePerS: 1, burst: 1 });
    await pacer.acquire(new AbortController().signal);
    const canceled = new AbortController();
    const first = pacer.acquire(canceled.signal);
    const second = pacer.acquire(new AbortController().signal);
    canceled.abort();
    await expect(first).rejects.toMatchObject({ code: 'canceled' });
    await vi.advanceTimersByTimeAsync(1_100);
    await expect(second).resolves.toBeUndefined();
  });
});
