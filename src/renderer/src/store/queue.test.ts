import { describe, expect, it } from 'vitest';
import type { QueueState } from '../../../shared/job';
import { nextBatch } from './queue';

function queue(running: string[], waiting: string[]): QueueState {
  return { running, waiting, online: true, offlineMessage: null, rateLimitedUntil: null };
}

describe('nextBatch', () => {
  it('grows while anything is queued and starts over once the queue empties', () => {
    let batch = nextBatch([], queue(['job-a'], ['job-b', 'job-c']));
    expect(batch).toEqual(['job-a', 'job-b', 'job-c']);
    const same = nextBatch(batch, queue(['job-b'], ['job-c']));
    expect(same).toBe(batch);
    batch = nextBatch(same, queue(['job-c'], ['job-d']));
    expect(batch).toEqual(['job-a', 'job-b', 'job-c', 'job-d']);
    expect(nextBatch(batch, queue([], []))).toEqual([]);
  });
});
