import { useJobsStore } from '../store/jobs';
import { HistoryItem } from './HistoryItem';

/**
 * Every job, newest first. The list only re-renders when jobs are added or removed; each
 * item follows its own job, so a progress tick re-renders one card, not thousands.
 */
export function HistoryGallery() {
  const order = useJobsStore((state) => state.order);
  const loaded = useJobsStore((state) => state.loaded);

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
        {order.map((jobId) => (
          <HistoryItem key={jobId} jobId={jobId} />
        ))}
      </ul>
    </section>
  );
}
