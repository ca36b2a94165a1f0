import { useEffect } from 'react';
import { useCurrentJob } from '../jobs/use-current-job';
import { paramErrorsFromFields } from '../params/server-param-errors';
import { setServerParamErrors, useUiStore } from '../store/ui';

/**
 * A 422 from the service arrives on the job, after jobs:create already returned. Its field
 * errors are copied next to the controls once per error, so editing a field can clear them.
 */
export function useJobFieldErrors(): void {
  const job = useCurrentJob();
  const currentJobId = useUiStore((state) => state.currentJobId);
  const error = job?.error ?? null;
  const jobId = job?.id ?? null;
  useEffect(() => {
    if (jobId === null || jobId !== currentJobId || !error?.fields?.length) return;
    const key = `${jobId}@${error.message}`;
    if (useUiStore.getState().appliedJobFieldErrors === key) return;
    setServerParamErrors(paramErrorsFromFields(error.fields), key);
  }, [jobId, currentJobId, error]);
}
