import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { galleryRows, placesInRows, type GalleryRow } from '../history/gallery-rows';
import { showHistoryRange } from '../history/history-loader';
import { useElementSize } from '../hooks/use-element-size';
import { idAt, isFiltered, useHistoryStore } from '../store/history';
import { HistoryGroupHeading } from './HistoryGroupHeading';
import { HistoryItem } from './HistoryItem';
import { HistoryToolbar } from './HistoryToolbar';
import { LibraryNotice } from './LibraryNotice';
import { SelectionBar } from './SelectionBar';

const MIN_CARD_WIDTH = 176;
const GAP = 14;
/** Everything under the thumbnail: parameters, status and time, two lines of prompt, padding. */
const CARD_TEXT_HEIGHT = 118;
const HEADER_HEIGHT = 46;
/** The thumbnail box is 4:3; portrait and square outputs sit inside it, letterboxed. */
const THUMB_RATIO = 3 / 4;

/** Columns and row height for a gallery of this width. */
function layoutFor(width: number): { columns: number; rowHeight: number } {
  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_CARD_WIDTH + GAP)));
  const cardWidth = (width - GAP * (columns - 1)) / columns;
  return { columns, rowHeight: Math.round(cardWidth * THUMB_RATIO + CARD_TEXT_HEIGHT + GAP) };
}

/** One rendered row: a group heading, or a row of cards (placeholders until their window arrives). */
function Row({ row, total }: { row: GalleryRow; total: number }) {
  // Shallow-compared: the row re-renders only when one of its own places changes job.
  const ids = useHistoryStore(
    useShallow((state) => (row.kind === 'cards' ? Array.from({ length: row.count }, (_, i) => idAt(state, row.start + i)) : [])),
  );
  if (row.kind === 'header') return <HistoryGroupHeading group={row.group} />;
  return (
    <>
      {Array.from({ length: row.count }, (_, i) => {
        const jobId = ids[i];
        return <HistoryItem key={jobId ?? `place-${row.start + i}`} jobId={jobId} position={row.start + i + 1} total={total} />;
      })}
    </>
  );
}

/**
 * The whole History, however large: rows are laid out from the total and the groups alone,
 * only the rows on screen (and a few around) are in the DOM, and only the windows around them
 * are loaded from main. Scrolling 50,000 jobs keeps a few dozen cards in the page.
 */
export function HistoryGallery() {
  const total = useHistoryStore((state) => state.total);
  const groups = useHistoryStore((state) => state.groups);
  const generation = useHistoryStore((state) => state.generation);
  const filtered = useHistoryStore((state) => isFiltered(state.view));
  const grouped = useHistoryStore((state) => state.view.group !== 'none');
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const { width } = useElementSize(scroller);
  const { columns, rowHeight } = layoutFor(width || MIN_CARD_WIDTH);
  // A grouped result is laid out once its groups are known (until then, nothing is placed wrongly),
  // and any result once the scroller's width is: laid out one column wide, 50,000 jobs would be
  // 50,000 rows for the virtualizer to measure before the first real layout.
  const rows = useMemo(
    () => (width === 0 || total === null || (grouped && groups.length === 0 && total > 0) ? [] : galleryRows(total, groups, columns)),
    [width, total, groups, columns, grouped],
  );

  // Stable while the rows are: the virtualizer measures every row again (a loop over all of them,
  // 10,000 at 50,000 jobs) each time getItemKey is a new function, which would be every render.
  const estimateSize = useCallback((index: number) => (rows[index]?.kind === 'header' ? HEADER_HEIGHT : rowHeight), [rows, rowHeight]);
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller,
    estimateSize,
    getItemKey,
    // Known from the first layout: the first rows render in the same pass, not one later.
    initialRect: scroller === null ? undefined : { width: scroller.clientWidth, height: scroller.clientHeight },
    // One row beyond each edge: a row is a screen's third, and every card rendered at start is an
    // image fetched before the first ones show (two rows: first thumbnails ~35 ms later at
    // 50,000 jobs, medians of 17 alternating starts; scrolling measured the same).
    overscan: 1,
  });
  // Sizes are computed, not measured: tell the virtualiser when they change.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, columns, rows]);
  // A new search or filter starts at the top.
  const lastGeneration = useRef(generation);
  useEffect(() => {
    if (lastGeneration.current === generation) return;
    lastGeneration.current = generation;
    scroller?.scrollTo({ top: 0 });
  }, [generation, scroller]);

  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    const places = placesInRows(rows, firstRow, lastRow);
    if (places !== null) showHistoryRange(places.first, places.last);
  }, [rows, firstRow, lastRow]);

  const count = total ?? 0;
  return (
    <section className="history" aria-labelledby="history-heading">
      <div className="history-head">
        <h2 id="history-heading">History</h2>
        {total !== null && (
          <span className="history-count" role="status" aria-label="History count">
            {total.toLocaleString()} {total === 1 ? 'job' : 'jobs'}
            {filtered ? ' match' : ''}
          </span>
        )}
      </div>
      <HistoryToolbar />
      <SelectionBar />
      <LibraryNotice />
      {total === null && <p className="history-empty">Loading history…</p>}
      {total === 0 && !filtered && <p className="history-empty">No jobs yet. Choose a sketch, write a prompt and press Generate.</p>}
      {total === 0 && filtered && <p className="history-empty">No job matches. Change the search or clear the filters.</p>}
      <div ref={setScroller} className="gallery-scroller" tabIndex={-1}>
        {/* Rows are only layout (role none): assistive tech sees one list of cards, headings between groups. */}
        <div role="list" aria-label="History" className="gallery" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            return (
              <div
                key={item.key}
                role="none"
                className={row.kind === 'header' ? 'gallery-row gallery-row--header' : 'gallery-row'}
                style={{
                  transform: `translateY(${item.start}px)`,
                  height: row.kind === 'header' ? HEADER_HEIGHT : rowHeight - GAP,
                  gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
                }}
              >
                <Row row={row} total={count} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
