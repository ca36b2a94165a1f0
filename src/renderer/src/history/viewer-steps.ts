import type { ViewerTarget } from '../store/viewer';

/** What the viewer needs to know of a job to step through it: how many outputs it has. */
export type StepJob = { id: string; outputCount: number };

/**
 * The image after (or before) the one shown: the job's outputs in order (its sketch comes just
 * before the first), then the neighbouring job in the History's order. Null at either end, or
 * when the neighbour is not loaded yet.
 */
export function stepTarget(
  current: ViewerTarget,
  job: StepJob,
  direction: 1 | -1,
  neighbour: (direction: 1 | -1) => StepJob | null | undefined,
): ViewerTarget | null {
  const index = current.outputIndex;
  if (direction === 1) {
    if (index === null && job.outputCount > 0) return { jobId: job.id, outputIndex: 0 };
    if (index !== null && index + 1 < job.outputCount) return { jobId: job.id, outputIndex: index + 1 };
  } else if (index !== null && index > 0) {
    return { jobId: job.id, outputIndex: index - 1 };
  }
  const next = neighbour(direction);
  if (!next) return null;
  if (next.outputCount === 0) return { jobId: next.id, outputIndex: null };
  return { jobId: next.id, outputIndex: direction === 1 ? 0 : next.outputCount - 1 };
}
