import { useEffect, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { BatchEstimate } from '../../../shared/batch-spec';
import type { DraftInput } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';
import { useQueueBatch } from '../batches/use-queue-batch';
import { mediaUrl } from '../jobs/media-url';
import { useParamCheck } from '../params/use-param-check';
import { useMediaBaseUrl } from '../store/app-info';
import { closeSketchesDialog, useSketchesDialogStore } from '../store/sketches-dialog';
import { toast } from '../store/ui';
import { BatchQueueFooter } from './BatchQueueFooter';
import { Modal } from './Modal';

/** One job per dropped sketch with the parameters in Compose: what it makes and costs, then "Queue". */
function SketchesDialogBody({ sketches, notUsed }: { sketches: readonly DraftInput[]; notUsed: string | null }) {
  const mediaBaseUrl = useMediaBaseUrl();
  const { params } = useParamCheck();
  const [estimate, setEstimate] = useState<BatchEstimate | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const inputIds = sketches.map((sketch) => sketch.inputId);
  const requestKey = JSON.stringify({ inputIds, params });

  useEffect(() => {
    const request = JSON.parse(requestKey) as { inputIds: string[]; params: typeof params };
    setConfirmed(false);
    if (request.params === null) return;
    let current = true;
    call('batches:estimate-sketches', { inputIds: request.inputIds, params: request.params }).then(
      (next) => current && setEstimate(next),
      (failure: unknown) => current && setError(toAppErrorData(failure)),
    );
    return () => {
      current = false;
    };
  }, [requestKey]);

  const { busy, refusal, queue } = useQueueBatch((batch) => {
    toast(`Queued ${batch.total} ${batch.total === 1 ? 'job' : 'jobs'}, one per sketch`);
    closeSketchesDialog();
  });

  return (
    <form
      className="batch-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (params !== null) void queue(() => call('batches:from-sketches', { inputIds, params, confirmedCostUsd: confirmed && estimate !== null ? estimate.costUsd : null }));
      }}
    >
      <header className="modal-head">
        <h2>Queue sketches</h2>
        <p className="field-help">One job per sketch, each with the parameters in Compose.</p>
      </header>
      <ul className="sketch-strip" aria-label="Sketches">
        {sketches.map((sketch) => (
          <li key={sketch.inputId}>
            {mediaBaseUrl !== null && <img src={mediaUrl(mediaBaseUrl, sketch.mediaPath)} alt={sketch.sourceName} />}
            <span>{sketch.sourceName}</span>
          </li>
        ))}
      </ul>
      <BatchQueueFooter
        estimate={estimate}
        messages={[
          ...(notUsed === null ? [] : [notUsed]),
          ...(params === null ? ['The parameters in Compose have an error: fix it first.'] : []),
          ...[error, refusal].flatMap((failure) => (failure === null ? [] : [failure.message])),
        ]}
        confirmed={confirmed}
        onConfirm={setConfirmed}
        busy={busy}
        blocked={params === null}
        queueLabel={`Queue ${sketches.length} ${sketches.length === 1 ? 'job' : 'jobs'}`}
        onCancel={closeSketchesDialog}
      />
    </form>
  );
}

export function SketchesDialog() {
  const sketches = useSketchesDialogStore((state) => state.sketches);
  const notUsed = useSketchesDialogStore((state) => state.notUsed);
  if (sketches === null) return null;
  return (
    <Modal label="Queue sketches" onClose={closeSketchesDialog}>
      <SketchesDialogBody sketches={sketches} notUsed={notUsed} />
    </Modal>
  );
}
