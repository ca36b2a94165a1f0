import { describe, expect, it } from 'vitest';
import { mapPooled } from './map-pooled';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapPooled', () => {
  it('keeps the items’ order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapPooled([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('throws the first failure after the running work settles, and starts nothing after it', async () => {
    const started: number[] = [];
    let aborted = 0;
    const run = mapPooled(
      [0, 1, 2, 3, 4, 5],
      2,
      async (n) => {
        started.push(n);
        await tick();
        if (n === 1) throw new Error('item 1 failed');
        return n;
      },
      () => aborted++,
    );
    await expect(run).rejects.toThrow('item 1 failed');
    expect(aborted).toBe(1);
    expect(started).toEqual([0, 1, 2]);
  });

  it('gives an empty list for no items', async () => {
    expect(await mapPooled([], 4, async () => 1)).toEqual([]);
  });
});
