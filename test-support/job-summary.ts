import type { JobSummary } from '../src/shared/job';
import { DEFAULT_PARAMS } from '../src/shared/model-input';

/** A complete, valid job summary for tests; `extra` overrides any field. */
export function jobSummary(id: string, extra: Partial<JobSummary> = {}): JobSummary {
  const createdAt = '2025-01-01T00:00:00.000Z';
  return {
    id,
    status: 'succeeded',
    params: DEFAULT_PARAMS,
    seedUsed: null,
    modelVersion: 'owner/model',
    apiBaseUrl: 'https://api.replicate.com/v1',
    input: { file: 'input.png', width: 1, height: 1, bytes: 1, sourceName: 'a.png' },
    inputTransport: null,
    uploadedImageUrl: null,
    unconfirmedCreateAt: null,
    predictionId: null,
    predictionUrls: null,
    responseShape: null,
    outputs: [],
    pendingOutputUrls: [],
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
    updatedAt: createdAt,
    favourite: false,
    rating: 0,
    origin: { kind: 'file' },
    sketchKey: 'sketch-a',
    batch: null,
    watch: null,
    ...extra,
  };
}
