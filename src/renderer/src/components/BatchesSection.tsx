import { useState } from 'react';
import type { BatchSummary } from '../../../shared/batch-spec';
import { batchAction } from '../batches/batches-loader';
import { formatUsd } from '../format/money';
import { formatDateTime } from '../format/time';
import { useBatchesStore } from '../store/batches';
import { openContactSheet } from '../store/contact-sheet';

const SHOWN = 5;

function progressWords(batch: BatchSummary): string {
  const parts = [`${batch.succeeded} of ${batch.total} done`];
  if (batch.failed > 0) parts.push(`${batch.failed} failed`);
  if (batch.canceled > 0) parts.push(`${batch.canceled} canceled`);
  if (batch.state === 'paused') parts.push('paused');
  return parts.join(' · ');
}

function BatchRow({ batch }: { batch: BatchSummary }) {
  const waiting = batch.unfinished > 0;
  return (
    <li className="batch-row" aria-label={batch.name}>
      <div className="batch-row-main">
        <span className="batch-name">{batch.name}</span>
        <span className="batch-meta">
          <time dateTime={batch.createdAt}>{formatDateTime(batch.createdAt, 'compact')}</time> · {progressWords(batch)} · cost so far {formatUsd(batch.costUsd)}
        </span>
        <progress className="batch-progress" aria-label={`${batch.name} progress`} max={Math.max(1, batch.total)} value={batch.total - batch.unfinished} />
      </div>
      <div className="batch-actions">
        {batch.state === 'active' && waiting && (
          <button type="button" className="button button--small" onClick={() => void batchAction('batches:pause', batch.id)}>
            Pause
          </button>
        )}
        {batch.state === 'paused' && (
          <button type="button" className="button button--small" onClick={() => void batchAction('batches:resume', batch.id)}>
            Resume
          </button>
        )}
        {waiting && (
          <button type="button" className="button button--small button--danger" onClick={() => void batchAction('batches:cancel', batch.id)}>
            Cancel batch
          </button>
        )}
        {batch.failed > 0 && (
          <button type="button" className="button button--small" onClick={() => void batchAction('batches:retry-failed', batch.id)}>
            Retry failed ({batch.failed})
          </button>
        )}
        <button type="button" className="button button--small" onClick={() => openContactSheet(batch.id)}>
          Contact sheet
        </button>
      </div>
    </li>
  );
}

/** Batches made from History, newest first: progress, cost so far, and what can be done to each. */
export function BatchesSection() {
  const list = useBatchesStore((state) => state.list);
  const [all, setAll] = useState(false);
  if (list.length === 0) return null;
  return (
    <section className="batches" aria-labelledby="batches-heading">
      <div className="queue-head">
        <h2 id="batches-heading">Batches</h2>
      </div>
      <ul className="batch-list" aria-label="Batches">
        {(all ? list : list.slice(0, SHOWN)).map((batch) => (
          <BatchRow key={batch.id} batch={batch} />
        ))}
      </ul>
      {list.length > SHOWN && (
        <button type="button" className="button button--ghost button--small" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${list.length}`}
        </button>
      )}
    </section>
  );
}
