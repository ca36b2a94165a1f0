import { useEffect, useState } from 'react';
import type { JobSummary } from '../../../shared/job';
import { call } from '../api/client';

/**
 * The jobs of a watched file, oldest revision first (null while loading, or for a job not made
 * by watching); fetched again when `refreshKey` changes (a new revision, a status).
 */
export function useRevisions(watchId: string | null, refreshKey: unknown): readonly JobSummary[] | null {
  const [revisions, setRevisions] = useState<readonly JobSummary[] | null>(null);
  useEffect(() => {
    if (watchId === null) {
      setRevisions(null);
      return;
    }
    let current = true;
    call('watch:revisions', { watchId }).then(
      (jobs) => {
        if (current) setRevisions(jobs);
      },
      () => {
        if (current) setRevisions(null);
      },
    );
    return () => {
      current = false;
    };
  }, [watchId, refreshKey]);
  return revisions;
}

/** The newest earlier revision with an output to compare with (a canceled one in between has none). */
export function previousRevisionOf(job: Pick<JobSummary, 'watch'>, revisions: readonly JobSummary[] | null): JobSummary | null {
  const revision = job.watch?.revision;
  if (revision === undefined || revisions === null) return null;
  let found: JobSummary | null = null;
  for (const other of revisions) {
    const number = other.watch?.revision ?? 0;
    if (number < revision && other.outputs.length > 0 && (found === null || number > (found.watch?.revision ?? 0))) found = other;
  }
  return found;
}
