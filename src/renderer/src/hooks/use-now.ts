import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` while `active`: countdowns ("waiting 12 s")
 * tick, and nothing re-renders when no countdown is on screen.
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
