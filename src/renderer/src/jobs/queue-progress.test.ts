import { describe, expect, it } from 'vitest';
import type { JobSummary, Progress } from '../../../shared/job';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { formatRoughSeconds } from '../format/time';
import { jobSummary } from '../../../../test-support/job-summary';
import {
  describeQueueProgress,
  jobSeconds,
  medianSeconds,
  queueProgress,
  recentJobSeconds,
  type QueueJob,
} from './queue-progress';

function running(progress: Partial<Progress> | null, steps = 25): QueueJob {
  return {
    status: 'processing',
    params: { ...DEFAULT_PARAMS, steps },
    progress: progress === null ? null : { percent: 0, current: 0, total: steps, etaSeconds: null, ...progress },
  };
}

function waiting(steps = 25): QueueJob {
  return { status: 'queued', params: { ...DEFAULT_PARAMS, steps }, progress: null };
}

function timed(id: string, timings: Partial<JobSummary['timings']>, status: JobSummary['status'] = 'succeeded'): JobSummary {
  const base = jobSummary(id);
  return { ...base, status, timings: { ...base.timings, ...timings } };
}

describe('queueProgress', () => {
  it('has nothing to say about an empty queue', () => {
    const progress = queueProgress({ running: [], waiting: [], typicalJobSeconds: 12, concurrency: 4 });
    expect(progress).toMatchObject({ running: 0, waiting: 0, percent: null, etaSeconds: null });
    expect(describeQueueProgress(progress)).toBe('Nothing running or waiting');
  });

  it('counts done steps over all steps, a waiting job as none of its steps done', () => {
    const progress = queueProgress({
      running: [running({ current: 10, total: 20, percent: 50, etaSeconds: 4 }), running(null, 25)],
      waiting: [waiting(30)],
      typicalJobSeconds: null,
      concurrency: 2,
    });
    expect(progress.doneSteps).toBe(10);
    expect(progress.totalSteps).toBe(75);
    expect(progress.percent).toBeCloseTo((10 / 75) * 100);
  });

  it('keeps the finished part of a batch as done, so the bar fills up instead of dropping back', () => {
    const finished: QueueJob = { ...running({ current: 20, total: 20, percent: 100 }, 20), status: 'succeeded' };
    const canceledEarly: QueueJob = { ...running({ current: 2, total: 20 }, 20), status: 'canceled' };
    const progress = queueProgress({
      running: [running({ current: 10, total: 20 }, 20)],
      waiting: [waiting(20)],
      finished: [finished, canceledEarly],
      typicalJobSeconds: null,
      concurrency: 1,
    });
    expect(progress).toMatchObject({ running: 1, waiting: 1, doneSteps: 50, totalSteps: 80 });
  });

  it('treats a job that already ended as done, and a job not loaded yet as counted but unmeasured', () => {
    const ended: QueueJob = { ...running({ current: 7, total: 20 }), status: 'succeeded' };
    const progress = queueProgress({ running: [ended, undefined], waiting: [], typicalJobSeconds: 10, concurrency: 2 });
    expect(progress.running).toBe(2);
    expect(progress.percent).toBe(100);
    expect(progress.etaSeconds).toBe(10);
  });

  it('fills each slot as it frees up, waiting jobs taking the typical time', () => {
    // Slots free at 10 and 30; the waiting jobs run 10-30, 30-50 and 30-50.
    const progress = queueProgress({
      running: [running({ etaSeconds: 10 }), running({ etaSeconds: 30 })],
      waiting: [waiting(), waiting(), waiting()],
      typicalJobSeconds: 20,
      concurrency: 2,
    });
    expect(progress.etaSeconds).toBe(50);
  });

  it('does not divide a single waiting job across slots', () => {
    const progress = queueProgress({
      running: [5, 5, 5, 5].map((eta) => running({ etaSeconds: eta })),
      waiting: [waiting()],
      typicalJobSeconds: 20,
      concurrency: 4,
    });
    expect(progress.etaSeconds).toBe(25);
  });

  it('comes to waiting × typical ÷ concurrency for a long queue', () => {
    const progress = queueProgress({
      running: [],
      waiting: Array.from({ length: 100 }, () => waiting()),
      typicalJobSeconds: 10,
      concurrency: 4,
    });
    expect(progress.etaSeconds).toBe(250);
  });

  it('waits for running jobs beyond a lowered concurrency before starting another', () => {
    const progress = queueProgress({
      running: [9, 2, 5].map((eta) => running({ etaSeconds: eta })),
      waiting: [waiting()],
      typicalJobSeconds: 10,
      concurrency: 1,
    });
    expect(progress.etaSeconds).toBe(19);
  });

  it('estimates a running job without its own ETA from the typical time and its percent', () => {
    const progress = queueProgress({
      running: [running({ percent: 25, current: 5, total: 20 })],
      waiting: [],
      typicalJobSeconds: 40,
      concurrency: 4,
    });
    expect(progress.etaSeconds).toBe(30);
  });

  it('adds what is left of a rate-limit pause for jobs not sent yet', () => {
    const unsent: QueueJob = { ...waiting(), status: 'submitting' };
    const progress = queueProgress({
      running: [unsent, running({ etaSeconds: 2 })],
      waiting: [waiting()],
      typicalJobSeconds: 6,
      concurrency: 2,
      pausedSeconds: 8,
    });
    // The unsent job ends at 8 + 6; the waiting one starts when the pause is over, not at 2.
    expect(progress.etaSeconds).toBe(14);
  });

  it('gives no ETA without a basis for one', () => {
    const noHistory = { typicalJobSeconds: null, concurrency: 2 };
    expect(queueProgress({ ...noHistory, running: [running({ etaSeconds: 5 })], waiting: [waiting()] }).etaSeconds).toBeNull();
    expect(queueProgress({ ...noHistory, running: [running(null)], waiting: [] }).etaSeconds).toBeNull();
    expect(queueProgress({ ...noHistory, running: [running({ etaSeconds: 5 })], waiting: [] }).etaSeconds).toBe(5);
  });
});

describe('typical job time', () => {
  it('measures a job from sending to stored, else by the service’s clock', () => {
    expect(
      jobSeconds(
        timed('job-a', {
          submittedAt: '2025-01-01T00:00:00.000Z',
          startedAt: '2025-01-01T00:00:03.000Z',
          completedAt: '2025-01-01T00:00:10.000Z',
          storedAt: '2025-01-01T00:00:12.500Z',
          predictTimeSeconds: 6,
        }),
      ),
    ).toBe(12.5);
    expect(jobSeconds(timed('job-b', { startedAt: '2025-01-01T00:00:03.000Z', completedAt: '2025-01-01T00:00:10.000Z' }))).toBe(7);
    expect(jobSeconds(timed('job-c', { predictTimeSeconds: 6 }))).toBe(6);
    expect(jobSeconds(timed('job-d', {}))).toBeNull();
  });

  it('takes the most recent succeeded jobs, newest first', () => {
    const jobs = [
      timed('job-1', { predictTimeSeconds: 1 }),
      timed('job-2', { predictTimeSeconds: 99 }, 'failed'),
      undefined,
      timed('job-3', {}),
      timed('job-4', { predictTimeSeconds: 4 }),
      timed('job-5', { predictTimeSeconds: 5 }),
    ];
    expect(recentJobSeconds(jobs, 2)).toEqual([1, 4]);
    expect(recentJobSeconds(jobs, 10, 4)).toEqual([1]);
  });

  it('uses the median', () => {
    expect(medianSeconds([])).toBeNull();
    expect(medianSeconds([30, 10, 500])).toBe(30);
    expect(medianSeconds([10, 40, 20, 30])).toBe(25);
  });
});

describe('describeQueueProgress', () => {
  it('says how many run and wait and roughly how long is left', () => {
    const progress = { running: 3, waiting: 12, doneSteps: 0, totalSteps: 1, percent: 0 };
    expect(describeQueueProgress({ ...progress, etaSeconds: 65 })).toBe('3 running, 12 waiting · about 1 min left');
    expect(describeQueueProgress({ ...progress, etaSeconds: null })).toBe('3 running, 12 waiting');
  });

  it('rounds long estimates to whole minutes', () => {
    expect(formatRoughSeconds(0.2)).toBe('1 s');
    expect(formatRoughSeconds(59)).toBe('59 s');
    expect(formatRoughSeconds(90)).toBe('2 min');
    expect(formatRoughSeconds(3600)).toBe('1 h');
    expect(formatRoughSeconds(4800)).toBe('1 h 20 min');
  });
});
