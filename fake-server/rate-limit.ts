import type { RateLimit } from './types';

export type TakeResult = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Token bucket: `burst` tokens, refilled at perMinute/60 per second. Replicate limits creates
 * this way (600/min with short bursts; 6/min, burst 1, on low-credit accounts).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.last = this.now();
  }

  take(): TakeResult {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const perMs = this.limit.perMinute / 60_000;
    const waitMs = (1 - this.tokens) / perMs;
    return { ok: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private refill(): void {
    const now = this.now();
    const perMs = this.limit.perMinute / 60_000;
    this.tokens = Math.min(this.limit.burst, this.tokens + (now - this.last) * perMs);
    this.last = now;
  }
}
