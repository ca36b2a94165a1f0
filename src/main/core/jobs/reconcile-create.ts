import type { Prediction } from '../api/prediction-shapes';
import type { ReplicateClient } from '../api/replicate-client';

const PAGES_TO_SEARCH = 3;

/** Predictions some job already owns (asked of the catalog one id at a time). */
export type ClaimedPredictions = { has(predictionId: string): boolean };
const CLOCK_SKEW_MS = 120_000;

/** Key order must not matter when comparing what we sent with what the server echoes back. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * After a create whose answer was lost (reset or timeout once the body was sent), looks for the
 * prediction it may have made, so the job follows it instead of paying for a second one.
 * Matches on the exact input and a creation time at or after the send.
 */
export async function findCreatedPrediction(
  client: ReplicateClient,
  sentInput: Record<string, unknown>,
  sentAtMs: number,
  signal?: AbortSignal,
  options: { claimed?: ClaimedPredictions } = {},
): Promise<Prediction | null> {
  const wanted = canonical(sentInput);
  let cursor: string | undefined;
  for (let page = 0; page < PAGES_TO_SEARCH; page++) {
    const list = await client.listPredictions(cursor, signal);
    for (const prediction of list.results) {
      const created = prediction.created_at ? Date.parse(prediction.created_at) : Number.NaN;
      if (!Number.isNaN(created) && created < sentAtMs - CLOCK_SKEW_MS) return null;
      if (!options.claimed?.has(prediction.id) && canonical(prediction.input) === wanted) return prediction;
    }
    if (!list.next) return null;
    cursor = list.next;
  }
  return null;
}
