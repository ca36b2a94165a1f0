import { useState } from 'react';
import { cancelAllJobs, retryFailedJobs } from '../jobs/bulk-actions';
import { describeQueueProgress } from '../jobs/queue-progress';
import { useQueueProgress } from '../jobs/use-queue-progress';
import { useHistoryStore } from '../store/history';
import { useQueueStore } from '../store/queue';
import { QueueItem } from './QueueItem';

/** Entries rendered per step: a long batch must not mean hundreds of rows (and thumbnails) at once. */
const PAGE_SIZE = 50;

/** The header line: what the queue amounts to, and what can be done to all of it at once. */
function QueueHeader({ active }: { active: boolean }) {
  const progress = useQueueProgress();
  const failed = useHistoryStore((state) => state.failedCount);
  const [busy, setBusy] = useState<null | 'cancel' | 'retry'>(null);
  const run = (action: 'cancel' | 'retry', work: () => Promise<void>): void => {
    setBusy(action);
    void work().finally(() => setBusy(null));
  };

  return (
    <>
      <div className="queue-head">
        <h2 id="queue-heading">Queue</h2>
        <span className="queue-summary">{describeQueueProgress(progress)}</span>
        <span className="queue-head-actions">
          {failed > 0 && (
            <button
              type="button"
              className="button button--small"
              disabled={busy !== null}
              onClick={() => run('retry', retryFailedJobs)}
            >
              Retry failed ({failed})
            </button>
          )}
          {active && (
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy !== null}
              onClick={() => run('cancel', cancelAllJobs)}
            >
              Cancel all
            </button>
          )}
        </span>
      </div>
      {active && (
        <progress className="queue-progress" aria-label="Queue progress" max={100} value={progress.percent ?? undefined} />
      )}
    </>
  );
}

/**
 * What main is working on: running jobs first, then the waiting ones in the order they will
 * go. With nothing to do it folds to its header line. The list re-renders only when the queue
 * itself changes (a job added, started, finished or moved); each entry follows its own job.
 */
export function QueueSection() {
  const queue = useQueueStore((state) => state.queue);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const running = queue?.running ?? [];
  const waiting = queue?.waiting ?? [];
  const total = running.length + waiting.length;
  const shownWaiting = waiting.slice(0, Math.max(0, limit - running.length));
  const shown = running.length + shownWaiting.length;

  return (
    <section
      className={total > 0 ? 'queue card' : 'queue queue--idle card'}
      aria-labelledby="queue-heading"
    >
      <QueueHeader active={total > 0} />
      {total > 0 && (
        <ul aria-label="Queue" className="queue-list">
          {/* One list of children, not two: a job that starts keeps its element (and focus, and
              its loaded thumbnail) as it moves from the waiting part to the running part. */}
          {[...running, ...shownWaiting].map((jobId, index) => (
            <QueueItem
              key={jobId}
              jobId={jobId}
              waitingPosition={index < running.length ? null : index - running.length + 1}
              position={index + 1}
              total={total}
            />
          ))}
        </ul>
      )}
      {shown < total && (
        <div className="queue-more">
          <button type="button" className="button button--small" onClick={() => setLimit((current) => current + PAGE_SIZE)}>
            Show more queued jobs
          </button>
          <span className="queue-more-count">
            {shown} of {total} shown
          </span>
        </div>
      )}
    </section>
  );
}
