import type { JobSummary } from '../../../shared/job';
import type { ParamName } from '../../../shared/model-input';
import { PARAM_LABELS } from '../params/param-fields';

export type ParamChange = { label: string; from: string; to: string };

const ORDER: ParamName[] = ['prompt', 'negativePrompt', 'scheduler', 'promptStrength', 'guidanceScale', 'steps', 'numOutputs', 'seed'];

function shown(value: string | number | null): string {
  if (value === null) return 'random';
  const text = String(value);
  return text === '' ? '(empty)' : text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * What a re-run changed from the job it was made from, parameter by parameter. The original's
 * seed is the one its model used, so "Seed 1234 → random" says a new seed was rolled.
 */
export function paramChanges(from: Pick<JobSummary, 'params' | 'seedUsed'>, to: Pick<JobSummary, 'params'>): ParamChange[] {
  const changes: ParamChange[] = [];
  for (const name of ORDER) {
    const before = name === 'seed' ? (from.seedUsed ?? from.params.seed) : from.params[name];
    const after = to.params[name];
    if (before !== after) changes.push({ label: PARAM_LABELS[name], from: shown(before), to: shown(after) });
  }
  return changes;
}
