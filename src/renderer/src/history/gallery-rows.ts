import type { HistoryGroup } from '../../../shared/history-query';

/** One line of the virtualised gallery: a group's heading, or up to `columns` cards from `start`. */
export type GalleryRow =
  | { kind: 'header'; key: string; group: HistoryGroup }
  | { kind: 'cards'; key: string; start: number; count: number };

/**
 * Lays out the whole result as rows without loading it: the total and the groups (with their
 * sizes) are all it takes. A group's cards start on a new row, under its heading.
 */
export function galleryRows(total: number, groups: readonly HistoryGroup[], columns: number): GalleryRow[] {
  const cols = Math.max(1, Math.floor(columns));
  const rows: GalleryRow[] = [];
  const addCards = (start: number, count: number, prefix: string): void => {
    for (let offset = 0; offset < count; offset += cols) {
      rows.push({ kind: 'cards', key: `${prefix}${start + offset}`, start: start + offset, count: Math.min(cols, count - offset) });
    }
  };
  if (groups.length === 0) {
    addCards(0, total, 'r');
    return rows;
  }
  for (const group of groups) {
    rows.push({ kind: 'header', key: `h${group.key}`, group });
    addCards(group.start, group.count, `g${group.key}:`);
  }
  return rows;
}

/** The first and last result places shown by a range of rows (for loading the windows around them). */
export function placesInRows(rows: readonly GalleryRow[], firstRow: number, lastRow: number): { first: number; last: number } | null {
  let first: number | null = null;
  let last: number | null = null;
  for (let i = Math.max(0, firstRow); i <= Math.min(rows.length - 1, lastRow); i++) {
    const row = rows[i];
    if (row?.kind !== 'cards') continue;
    first ??= row.start;
    last = row.start + row.count - 1;
  }
  return first === null || last === null ? null : { first, last };
}
