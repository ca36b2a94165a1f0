import { useEffect, useState } from 'react';
import type { JobLineage } from '../../../shared/ipc-contract';
import { call } from '../api/client';

/** Where a job's input came from and what was made from it; fetched again when `refreshKey` changes. */
export function useLineage(jobId: string, refreshKey: unknown): JobLineage | null {
  const [lineage, setLineage] = useState<JobLineage | null>(null);
  useEffect(() => {
    let current = true;
    call('jobs:lineage', { jobId }).then(
      (answer) => {
        if (current) setLineage(answer);
      },
      () => {
        if (current) setLineage(null);
      },
    );
    return () => {
      current = false;
    };
  }, [jobId, refreshKey]);
  return lineage;
}
