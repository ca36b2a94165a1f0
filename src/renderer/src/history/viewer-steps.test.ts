import { describe, expect, it } from 'vitest';
import { stepTarget, type StepJob } from './viewer-steps';

const jobs: StepJob[] = [
  { id: 'newest', outputCount: 2 },
  { id: 'failed', outputCount: 0 },
  { id: 'oldest', outputCount: 3 },
];
const neighbourOf = (id: string) => (direction: 1 | -1) => jobs[jobs.findIndex((j) => j.id === id) + direction] ?? null;

describe('stepping through images in the viewer', () => {
  it('walks a job’s outputs, then the next job’s, then on to the end of the History', () => {
    let target = { jobId: 'newest', outputIndex: 0 as number | null };
    const seen: string[] = [];
    for (;;) {
      seen.push(`${target.jobId}:${target.outputIndex ?? 'sketch'}`);
      const job = jobs.find((j) => j.id === target.jobId)!;
      const next = stepTarget(target, job, 1, neighbourOf(job.id));
      if (next === null) break;
      target = next;
    }
    expect(seen).toEqual(['newest:0', 'newest:1', 'failed:sketch', 'oldest:0', 'oldest:1', 'oldest:2']);
  });

  it('walks back to the previous job’s last output, and from a sketch to its first output', () => {
    expect(stepTarget({ jobId: 'oldest', outputIndex: 0 }, jobs[2]!, -1, neighbourOf('oldest'))).toEqual({ jobId: 'failed', outputIndex: null });
    expect(stepTarget({ jobId: 'failed', outputIndex: null }, jobs[1]!, -1, neighbourOf('failed'))).toEqual({ jobId: 'newest', outputIndex: 1 });
    expect(stepTarget({ jobId: 'newest', outputIndex: null }, jobs[0]!, 1, neighbourOf('newest'))).toEqual({ jobId: 'newest', outputIndex: 0 });
    expect(stepTarget({ jobId: 'newest', outputIndex: 0 }, jobs[0]!, -1, neighbourOf('newest'))).toBeNull();
    // A neighbour not loaded yet: no step for now.
    expect(stepTarget({ jobId: 'newest', outputIndex: 1 }, jobs[0]!, 1, () => undefined)).toBeNull();
  });
});
