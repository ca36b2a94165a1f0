import { useCallback, useSyncExternalStore } from 'react';
import { secondsUntil } from '../errors/describe-error';

// One clock for every countdown on screen: a queue full of rate-limited jobs ticks once a
// second in total, not once per job; no timer runs while nothing counts down; and the alert,
// the status line and the queue, reading the same tick, always show the same number.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let lastTick = 0;

function subscribeToTicks(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    lastTick = Date.now();
    timer = setInterval(() => {
      lastTick = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const neverChanges = (): (() => void) => () => {};

/**
 * Whole seconds left until `until` (epoch milliseconds), live; null without a deadline. A
 * component re-renders only when the number it shows changes.
 */
export function useSecondsLeft(until: number | null): number | null {
  const deadline = until === null || !Number.isFinite(until) ? null : until;
  const read = useCallback(() => secondsUntil(deadline, timer === null ? Date.now() : lastTick), [deadline]);
  return useSyncExternalStore(deadline === null ? neverChanges : subscribeToTicks, read);
}

/** An ISO time as epoch milliseconds, for useSecondsLeft; null stays null. */
export function parseTime(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}

/** Whole seconds since `since` (epoch milliseconds), live on the same tick; null without a start. */
export function useSecondsSince(since: number | null): number | null {
  const start = since === null || !Number.isFinite(since) ? null : since;
  const read = useCallback(
    () => (start === null ? null : Math.max(0, Math.floor(((timer === null ? Date.now() : lastTick) - start) / 1000))),
    [start],
  );
  return useSyncExternalStore(start === null ? neverChanges : subscribeToTicks, read);
}
