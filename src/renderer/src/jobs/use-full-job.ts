import { useEffect, useRef, useState } from 'react';
import type { Job } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';

/** Logs change with every progress tick; fetching them at most this often keeps IPC quiet. */
const REFRESH_MS = 1000;

/**
 * The full job (with logs), fetched when the view opens and again, throttled, whenever the
 * job's summary changes. Replies are applied in order, so a slow old reply never wins.
 */
export function useFullJob(jobId: string, updatedAt: string | undefined): { job: Job | null; error: string | null } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastFetch = useRef(0);
  const sent = useRef(0);
  const applied = useRef(0);

  useEffect(() => {
    const delay = Math.max(0, lastFetch.current + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastFetch.current = Date.now();
      const seq = ++sent.current;
      call('jobs:get', { jobId }).then(
        (fresh) => {
          if (seq < applied.current) return;
          applied.current = seq;
          setJob(fresh);
          setError(null);
        },
        (failure: unknown) => {
          if (seq >= applied.current) setError(toAppErrorData(failure).message);
        },
      );
    }, delay);
    return () => clearTimeout(timer);
  }, [jobId, updatedAt]);

  return { job, error };
}
