import { jobSchema, type Job } from '../src/shared/job';
import { DEFAULT_PARAMS } from '../src/shared/model-input';
import { DEFAULT_MODEL_VERSION } from '../src/shared/settings';

/** Test fixture: a finished job, and the SHA-256 of its prepared sketch. */
export const SKETCH_SHA256 = 'a'.repeat(40) + '0123456789abcdef01234567';

/** A finished job as the catalog stores it. */
export function finishedJob(overrides: Partial<Job> = {}): Job {
  return jobSchema.parse({
    id: 'job-2024-castle-01',
    status: 'succeeded',
    params: { ...DEFAULT_PARAMS, prompt: 'castle on a cliff, ink', negativePrompt: 'blurry', numOutputs: 2, seed: null },
    seedUsed: 3141592653,
    modelVersion: DEFAULT_MODEL_VERSION,
    apiBaseUrl: 'https://api.replicate.com/v1',
    input: { file: 'input.png', width: 1024, height: 768, bytes: 123456, sourceName: 'castle sketch.png' },
    inputTransport: 'data-uri',
    uploadedImageUrl: null,
    unconfirmedCreateAt: null,
    predictionId: 'q8x2h3kz9drm80cjx7yv',
    predictionUrls: null,
    responseShape: 'prediction',
    outputs: [{ file: 'output-0.png', bytes: 500000, width: 1024, height: 768, sourceUrl: 'https://replicate.delivery/x/out-0.png' }],
    pendingOutputUrls: [],
    logs: '',
    progress: null,
    error: null,
    waitingUntil: null,
    timings: { createdAt: '2024-05-01T10:00:00.000Z', submittedAt: null, startedAt: null, completedAt: null, storedAt: null, predictTimeSeconds: 4.2, totalTimeSeconds: 6 },
    updatedAt: '2024-05-01T10:00:07.000Z',
    ...overrides,
  });
}
