import type { Prediction } from './prediction-shapes';

export type PredictionUrls = { get: string; cancel: string; stream: string | null };

/**
 * Where a prediction is followed and canceled: always under the job's own API base, built from
 * the (validated) id and escaped, never the server's `urls.get` / `urls.cancel`. Those may name
 * another origin (the token is not sent there, and the job would fail as "token refused") or
 * another path. The stream URL is the server's: it carries no token off the API's origin.
 */
export function predictionUrls(baseUrl: string, prediction: Pick<Prediction, 'id' | 'urls'>): PredictionUrls {
  const own = `${baseUrl.replace(/\/+$/, '')}/predictions/${encodeURIComponent(prediction.id)}`;
  return { get: own, cancel: `${own}/cancel`, stream: prediction.urls?.stream ?? null };
}
