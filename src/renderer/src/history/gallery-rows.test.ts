import { describe, expect, it } from 'vitest';
import type { HistoryGroup } from '../../../shared/history-query';
import { galleryRows, placesInRows } from './gallery-rows';

const group = (key: string, start: number, count: number): HistoryGroup => ({ key, label: key, start, count, sampleJobId: null });

describe('gallery rows', () => {
  it('fills rows of `columns` cards, the last one partly', () => {
    const rows = galleryRows(7, [], 3);
    expect(rows.map((r) => (r.kind === 'cards' ? [r.start, r.count] : r.kind))).toEqual([[0, 3], [3, 3], [6, 1]]);
    expect(galleryRows(0, [], 3)).toEqual([]);
  });

  it('starts each group on a new row under its heading', () => {
    const rows = galleryRows(6, [group('2026-11-22', 0, 1), group('2026-11-21', 1, 5)], 4);
    expect(rows.map((r) => (r.kind === 'cards' ? `${r.start}+${r.count}` : `# ${r.group.key}`))).toEqual([
      '# 2026-11-22',
      '0+1',
      '# 2026-11-21',
      '1+4',
      '5+1',
    ]);
    // Keys stay unique (the virtualiser keys rows by them).
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('tells which places a range of rows shows, headings aside', () => {
    const rows = galleryRows(6, [group('a', 0, 1), group('b', 1, 5)], 4);
    expect(placesInRows(rows, 0, 1)).toEqual({ first: 0, last: 0 });
    expect(placesInRows(rows, 1, 4)).toEqual({ first: 0, last: 5 });
    expect(placesInRows(rows, 2, 2)).toBeNull();
    expect(placesInRows([], 0, 10)).toBeNull();
  });
});
