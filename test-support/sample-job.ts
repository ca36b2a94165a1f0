import type { Job } from '../src/shared/job';
import { DEFAULT_PARAMS } from '../src/shared/model-input';

/** A finished job record as the library stores it, for tests and benchmarks that need many. */
export function sampleJob(id: string, overrides: Partial<Job> = {}): Job {
  const now = new Date().toISOString();
  return {
    id,
    status: 'succeeded',
    params: { ...DEFAULT_PARAMS },
    seedUsed: 1,
    modelVersion: 'stability-ai/stable-diffusion-img2img',
    apiBaseUrl: 'https://api.replicate.com/v1',
    input: { file: 'input.png', width: 1024, height: 768, bytes: 200_000, sourceName: 'sketch.png' },
    inputTransport: 'data-uri',
    uploadedImageUrl: null,
    unconfirmedCreateAt: null,
    predictionId: `p-${id}`,
    predictionUrls: null,
    responseShape: 'prediction',
    outputs: [{ file: 'output-1.png', bytes: 900_000, width: 1024, height: 768, sourceUrl: 'https://replicate.delivery/x.png' }],
    pendingOutputUrls: [],
    logs: 'Using seed: 1\n100%|██████████| 25/25 [00:02<00:00, 9.90it/s]\n',
    progress: { percent: 100, current: 25, total: 25, etaSeconds: 0 },
    error: null,
    waitingUntil: null,
    timings: { createdAt: now, submittedAt: now, startedAt: now, completedAt: now, storedAt: now, predictTimeSeconds: 2.1, totalTimeSeconds: 2.4 },
    updatedAt: now,
    favourite: false,
    rating: 0,
    origin: { kind: 'file' },
    sketchKey: 'sample-sketch',
    batch: null,
    watch: null,
    ...overrides,
  };
}
