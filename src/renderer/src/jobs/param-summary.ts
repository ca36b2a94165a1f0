import type { JobSummary } from '../../../shared/job';

/**
 * The parameters that tell variants of one sketch apart, shortest first: a strength sweep must
 * not look like a row of identical cards.
 */
export function paramSummary(job: Pick<JobSummary, 'params' | 'seedUsed'>): { label: string; value: string }[] {
  const seed = job.params.seed ?? job.seedUsed;
  return [
    { label: 'Strength', value: String(job.params.promptStrength) },
    { label: 'Guidance', value: String(job.params.guidanceScale) },
    { label: 'Steps', value: String(job.params.steps) },
    { label: 'Seed', value: seed === null ? 'random' : String(seed) },
  ];
}
