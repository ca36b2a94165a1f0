import type { Job } from '../../../shared/job';

/**
 * Everything about a job's run, as before its first request: for a new job and for one put
 * back in the queue by "Retry". One place, so a field added to runs is reset by both.
 */
export function freshRun(createdAt: string): Pick<
  Job,
  | 'status'
  | 'inputTransport'
  | 'uploadedImageUrl'
  | 'unconfirmedCreateAt'
  | 'predictionId'
  | 'predictionUrls'
  | 'responseShape'
  | 'outputs'
  | 'pendingOutputUrls'
  | 'logs'
  | 'progress'
  | 'error'
  | 'waitingUntil'
  | 'timings'
> {
  return {
    status: 'queued',
    inputTransport: null,
    uploadedImageUrl: null,
    unconfirmedCreateAt: null,
    predictionId: null,
    predictionUrls: null,
    responseShape: null,
    outputs: [],
    pendingOutputUrls: [],
    logs: '',
    progress: null,
    error: null,
    waitingUntil: null,
    timings: {
      createdAt,
      submittedAt: null,
      startedAt: null,
      completedAt: null,
      storedAt: null,
      predictTimeSeconds: null,
      totalTimeSeconds: null,
    },
  };
}
