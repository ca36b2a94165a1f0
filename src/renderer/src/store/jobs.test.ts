import { beforeEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../shared/job';
import { jobSummary } from '../../../../test-support/job-summary';
import { applyJobEvent, cancelTargetId, keepOnlyJobs, putJobs, recentFinishedJobs, removeJob, useJobsStore } from './jobs';

function job(id: string, createdAt: string, extra: Partial<JobSummary> = {}): JobSummary {
  const base = jobSummary(id);
  return jobSummary(id, { timings: { ...base.timings, createdAt }, updatedAt: createdAt, ...extra });
}

beforeEach(() => useJobsStore.setState({ byId: {} }));

describe('jobs store', () => {
  it('holds what the page shows: windows it fetched, and running jobs from events', () => {
    putJobs([job('job-aaaaaaaa', '2025-01-01T00:00:00.000Z'), job('job-bbbbbbbb', '2025-01-02T00:00:00.000Z')]);
    // A finished job nobody shows is not kept; a running one is (the queue shows it).
    applyJobEvent(job('job-cccccccc', '2025-01-03T00:00:00.000Z'));
    applyJobEvent(job('job-dddddddd', '2025-01-04T00:00:00.000Z', { status: 'processing' }));
    expect(Object.keys(useJobsStore.getState().byId).sort()).toEqual(['job-aaaaaaaa', 'job-bbbbbbbb', 'job-dddddddd']);

    // Events apply in the order they come, whatever their clock says...
    applyJobEvent(job('job-aaaaaaaa', '2025-01-01T00:00:00.000Z', { status: 'failed', updatedAt: '2024-12-31T00:00:00.000Z' }));
    expect(useJobsStore.getState().byId['job-aaaaaaaa']?.status).toBe('failed');
    // ...but a window fetched before an event landed never rolls a job back.
    putJobs([job('job-dddddddd', '2025-01-04T00:00:00.000Z', { status: 'queued', updatedAt: '2025-01-03T23:00:00.000Z' })]);
    expect(useJobsStore.getState().byId['job-dddddddd']?.status).toBe('processing');

    removeJob('job-bbbbbbbb');
    keepOnlyJobs(new Set(['job-dddddddd']));
    expect(Object.keys(useJobsStore.getState().byId)).toEqual(['job-dddddddd']);
  });

  it('cancels the current job while it runs, else the newest that runs or waits', () => {
    putJobs([
      job('job-aaaaaaaa', '2025-01-01T00:00:00.000Z', { status: 'processing' }),
      job('job-bbbbbbbb', '2025-01-02T00:00:00.000Z', { status: 'queued' }),
      job('job-cccccccc', '2025-01-03T00:00:00.000Z'),
    ]);
    const state = useJobsStore.getState();
    const active = ['job-aaaaaaaa', 'job-bbbbbbbb'];
    expect(cancelTargetId(state, null, active)).toBe('job-bbbbbbbb');
    expect(cancelTargetId(state, 'job-aaaaaaaa', active)).toBe('job-aaaaaaaa');
    expect(cancelTargetId(state, 'job-cccccccc', active)).toBe('job-bbbbbbbb');
    expect(cancelTargetId(state, null, [])).toBeNull();
    expect(recentFinishedJobs(state).map((j) => j.id)).toEqual(['job-cccccccc']);
  });
});
