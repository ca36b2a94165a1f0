import type { Prediction } from '../api/prediction-shapes';
import type { ReplicateClient } from '../api/replicate-client';

const PAGES_TO_SEARCH = 3;

/** Predictions some job already owns (asked of the catalog one id at a time). */
export type ClaimedPredictions = { has(predictionId: string): boolean };
const CLOCK_SKEW_MS = 120_000;

/**
 * What we send is a flat object of scalars; anything nested deeper than this is not ours. The
 * bound also keeps a hostile list (an `input` nested 100,000 levels) from overflowing the stack.
 */
const MAX_INPUT_DEPTH = 64;

/**
 * Key order must not matter when comparing what we sent with what the server echoes back.
 * Null when the value is nested deeper than MAX_INPUT_DEPTH (it cannot be what we sent).
 */
export function canonical(value: unknown, depth = 0): string | null {
  if (depth > MAX_INPUT_DEPTH) return null;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const text = canonical(item, depth + 1);
      if (text === null) return null;
      items.push(text);
    }
    return `[${items.join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    for (const [key, item] of entries) {
      const text = canonical(item, depth + 1);
      if (text === null) return null;
      parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
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
  if (wanted === null) return null;
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
