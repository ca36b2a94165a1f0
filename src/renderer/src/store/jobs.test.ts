import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../shared/job';
import { jobSummary } from '../../../../test-support/job-summary';
import { cancelTargetId, removeJob, setJobList, upsertJob, useJobsStore } from './jobs';

function job(id: string, createdAt: string, extra: Partial<JobSummary> = {}): JobSummary {
  const base = jobSummary(id);
  return jobSummary(id, { timings: { ...base.timings, createdAt }, updatedAt: createdAt, ...extra });
}

describe('jobs store', () => {
  it('keeps newest first, merges events that beat the list, and forgets deleted jobs', () => {
    upsertJob(job('job-cccccccc', '2025-01-03T00:00:00.000Z', { status: 'processing', updatedAt: '2025-01-03T00:00:09.000Z' }));
    removeJob('job-dddddddd');
    setJobList([
      job('job-aaaaaaaa', '2025-01-01T00:00:00.000Z'),
      job('job-cccccccc', '2025-01-03T00:00:00.000Z', { status: 'queued' }),
      job('job-dddddddd', '2025-01-04T00:00:00.000Z'),
      job('job-bbbbbbbb', '2025-01-02T00:00:00.000Z'),
    ]);
    const state = useJobsStore.getState();
    expect(state.order).toEqual(['job-cccccccc', 'job-bbbbbbbb', 'job-aaaaaaaa']);
    // The event was fresher than the list's copy.
    expect(state.byId['job-cccccccc']?.status).toBe('processing');

    upsertJob(job('job-eeeeeeee', '2025-01-05T00:00:00.000Z'));
    expect(useJobsStore.getState().order[0]).toBe('job-eeeeeeee');

    // A stale update never rolls a job back.
    upsertJob(job('job-cccccccc', '2025-01-03T00:00:00.000Z', { status: 'starting', updatedAt: '2025-01-03T00:00:01.000Z' }));
    expect(useJobsStore.getState().byId['job-cccccccc']?.status).toBe('processing');

    // Events are applied in the order they come, whatever their clock says.
    upsertJob(job('job-bbbbbbbb', '2025-01-02T00:00:00.000Z', { status: 'failed', updatedAt: '2024-12-31T00:00:00.000Z' }), 'event');
    expect(useJobsStore.getState().byId['job-bbbbbbbb']?.status).toBe('failed');

    expect(cancelTargetId(useJobsStore.getState(), null)).toBe('job-cccccccc');
    expect(cancelTargetId(useJobsStore.getState(), 'job-aaaaaaaa')).toBe('job-cccccccc');

    removeJob('job-cccccccc');
    expect(useJobsStore.getState().order).toEqual(['job-eeeeeeee', 'job-bbbbbbbb', 'job-aaaaaaaa']);
    expect(cancelTargetId(useJobsStore.getState(), null)).toBeNull();
  });
});
