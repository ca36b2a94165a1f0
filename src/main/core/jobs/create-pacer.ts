import type { Clock } from './run-context';
import { sleep } from './sleep';

/** Replicate's documented limit for creates: 600 a minute, short bursts allowed. */
export const DEFAULT_CREATE_RATE_PER_S = 10;
export const DEFAULT_CREATE_BURST = 10;
/** Below this much evidence a measured rate is noise; the gate alone paces until then. */
const MIN_EVIDENCE_MS = 1_500;
/** After this long without a 429 the limit may have been raised: forget it and probe upward. */
const EPISODE_IDLE_MS = 30_000;
/**
 * Pace a little above the measured limit. Going over costs a 429 (free) and a gate, during
 * which the server's bucket fills and we then spend it at once, so the server's full rate
 * is used; going under would waste it for the whole batch.
 */
const OVERSHOOT = 1.1;

/**
 * Paces prediction creates so a batch does not run into the server's rate limit.
 *
 * A token bucket releases creates, starting at Replicate's documented limit. On a 429 the
 * server's `retry_after` closes a gate for every job, and the limit is learned: while creates
 * keep meeting the limit the server's own bucket is empty, so the creates it accepted since
 * the first 429, over the time passed, is its refill rate (accounts low on credit drop to
 * 6 a minute, so the limit cannot be assumed).
 */
export function createCreatePacer(clock: Clock, initial = { ratePerS: DEFAULT_CREATE_RATE_PER_S, burst: DEFAULT_CREATE_BURST }) {
  let measuredRate: number | null = null;
  let ratePerS = initial.ratePerS;
  let burst = initial.burst;
  let tokens = burst;
  let refilledAt = clock.now();
  let gateUntil = 0;
  let episodeStart: number | null = null;
  let acceptedInEpisode = 0;
  let lastLimitedAt = 0;
  // Waiters are served in arrival order, so the queue's FIFO order survives the pacing.
  let tail: Promise<void> = Promise.resolve();

  function refill(now: number): void {
    if (now <= refilledAt) return;
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * ratePerS);
    refilledAt = now;
  }

  function waitMs(now: number): number {
    if (now < gateUntil) return gateUntil - now;
    refill(now);
    return tokens >= 1 ? 0 : ((1 - tokens) / ratePerS) * 1000;
  }

  return {
    /** When the gate opens again (for "waiting for the rate limit, N s"); null when open. */
    gateOpensAt(): number | null {
      return clock.now() < gateUntil ? gateUntil : null;
    },

    /** Resolves when this create may go out; `onGate` hears when it waits on a 429's gate. */
    acquire(signal: AbortSignal, onGate?: (until: number) => void): Promise<void> {
      const turn = tail.then(async () => {
        for (;;) {
          const now = clock.now();
          const wait = waitMs(now);
          if (wait <= 0) {
            tokens -= 1;
            return;
          }
          if (now < gateUntil) onGate?.(gateUntil);
          await sleep(wait, signal);
        }
      });
      // A canceled waiter must not hold up the ones behind it.
      tail = turn.catch(() => undefined);
      return turn;
    },

    accepted(): void {
      const now = clock.now();
      if (episodeStart !== null && now - lastLimitedAt > EPISODE_IDLE_MS) {
        episodeStart = null;
        measuredRate = null;
        ratePerS *= 1.25;
        burst = Math.max(burst, Math.ceil(ratePerS));
      }
      if (episodeStart !== null) acceptedInEpisode++;
    },

    limited(retryAfterSeconds: number | undefined): void {
      const now = clock.now();
      const retryS = Math.max(0.05, retryAfterSeconds ?? 1);
      lastLimitedAt = now;
      if (episodeStart === null) {
        episodeStart = now;
        acceptedInEpisode = 0;
      } else if (now - episodeStart >= MIN_EVIDENCE_MS && acceptedInEpisode > 0) {
        measuredRate = (acceptedInEpisode / (now - episodeStart)) * 1000;
        ratePerS = measuredRate * OVERSHOOT;
      }
      const opensAt = now + retryS * 1000;
      if (opensAt > gateUntil) {
        gateUntil = opensAt;
        // What the server's bucket gains while our gate is shut goes out as soon as it opens.
        burst = measuredRate === null ? burst : Math.max(1, Math.floor(measuredRate * retryS));
        tokens = measuredRate === null ? 0 : burst;
        refilledAt = gateUntil;
      }
    },

  };
}

export type CreatePacer = ReturnType<typeof createCreatePacer>;
