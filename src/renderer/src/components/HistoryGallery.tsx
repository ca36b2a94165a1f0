import { useEffect, useRef, useState } from 'react';
import { useJobsStore } from '../store/jobs';
import { HistoryItem } from './HistoryItem';

/** Items rendered per step. A screen shows a few dozen; more arrive as the artist scrolls. */
const PAGE_SIZE = 120;

/**
 * Loads the next page when the end of the list comes near. A fresh observer per page, because
 * an observer only reports changes: on a tall screen the end may still be in view after a page.
 */
function useLoadMoreWhenVisible(active: boolean, loadMore: () => void, dependency: number) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!active || element === null) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadMore();
    }, { rootMargin: '800px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [active, loadMore, dependency]);
  return sentinel;
}

/**
 * Every job, newest first, rendered a page at a time: thousands of jobs must not mean
 * thousands of cards in the DOM (layout, image decoding and assistive-tech trees all scale
 * with it). The list re-renders only when jobs are added or removed; each item follows its
 * own job, so a progress tick re-renders one card.
 */
export function HistoryGallery() {
  const order = useJobsStore((state) => state.order);
  const loaded = useJobsStore((state) => state.loaded);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const hasMore = order.length > limit;
  const visible = hasMore ? order.slice(0, limit) : order;
  const showMore = useRef(() => setLimit((current) => current + PAGE_SIZE)).current;
  const sentinel = useLoadMoreWhenVisible(hasMore, showMore, limit);

  return (
    <section className="history" aria-labelledby="history-heading">
      <div className="history-head">
        <h2 id="history-heading">History</h2>
        {loaded && order.length > 0 && (
          <span className="history-count">
            {order.length} {order.length === 1 ? 'job' : 'jobs'}
          </span>
        )}
      </div>
      {!loaded && <p className="history-empty">Loading history…</p>}
      {loaded && order.length === 0 && (
        <p className="history-empty">No jobs yet. Choose a sketch, write a prompt and press Generate.</p>
      )}
      <ul aria-label="History" className="gallery">
        {visible.map((jobId, index) => (
          <HistoryItem key={jobId} jobId={jobId} position={index + 1} total={order.length} />
        ))}
      </ul>
      {hasMore && (
        <div ref={sentinel} className="history-more">
          <button type="button" className="button" onClick={showMore}>
            Show more jobs
          </button>
          <span className="history-count">
            {visible.length} of {order.length} shown
          </span>
        </div>
      )}
    </section>
  );
}
