import { useEffect, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { BatchEstimate } from '../../../shared/batch-spec';
import type { DraftInput } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';
import { refreshBatches } from '../batches/batches-loader';
import { formatUsd } from '../format/money';
import { formatRoughSeconds } from '../format/time';
import { mediaUrl } from '../jobs/media-url';
import { checkParamFields } from '../params/param-fields';
import { useMediaBaseUrl } from '../store/app-info';
import { useDraftStore } from '../store/draft';
import { closeSketchesDialog, useSketchesDialogStore } from '../store/sketches-dialog';
import { toast } from '../store/ui';
import { Modal } from './Modal';

/** One job per dropped sketch with the parameters in Compose: what it makes and costs, then "Queue". */
function SketchesDialogBody({ sketches, notUsed }: { sketches: readonly DraftInput[]; notUsed: string | null }) {
  const mediaBaseUrl = useMediaBaseUrl();
  const fields = useDraftStore((state) => state.fields);
  const { params } = checkParamFields(fields);
  const [estimate, setEstimate] = useState<BatchEstimate | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
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

  const queue = async (): Promise<void> => {
    if (params === null) return;
    setBusy(true);
    try {
      const batch = await call('batches:from-sketches', { inputIds, params, confirmedCostUsd: confirmed && estimate !== null ? estimate.costUsd : null });
      toast(`Queued ${batch.total} ${batch.total === 1 ? 'job' : 'jobs'}, one per sketch`);
      closeSketchesDialog();
      refreshBatches();
    } catch (failure) {
      setError(toAppErrorData(failure));
    } finally {
      setBusy(false);
    }
  };
  const mustConfirm = estimate?.needsConfirmation === true;

  return (
    <>
      <header className="modal-head">
        <h2>Queue sketches</h2>
        <p className="field-help">One job per sketch, each with the parameters in Compose.</p>
      </header>
      <ul className="sketch-strip" aria-label="Dropped sketches">
        {sketches.map((sketch) => (
          <li key={sketch.inputId}>
            {mediaBaseUrl !== null && <img src={mediaUrl(mediaBaseUrl, sketch.mediaPath)} alt={sketch.sourceName} />}
            <span>{sketch.sourceName}</span>
          </li>
        ))}
      </ul>
      <footer className="modal-foot">
        {notUsed !== null && <p className="field-error">{notUsed}</p>}
        {params === null && (
          <p className="field-error" role="alert">
            The parameters in Compose have an error: fix it first.
          </p>
        )}
        {estimate !== null && (
          <p className="batch-estimate-main" role="status" aria-label="Batch estimate">
            <strong>
              {estimate.predictions} {estimate.predictions === 1 ? 'prediction' : 'predictions'}
            </strong>{' '}
            · {estimate.images} images · about {formatRoughSeconds(estimate.wallSeconds)} · estimated cost <strong>{formatUsd(estimate.costUsd)}</strong>
          </p>
        )}
        {error !== null && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
        {mustConfirm && estimate !== null && (
          <label className="batch-confirm">
            <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />
            I accept an estimated cost of {formatUsd(estimate.costUsd)}
          </label>
        )}
        <div className="modal-actions">
          <button type="button" className="button button--ghost" onClick={closeSketchesDialog}>
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={busy || params === null || estimate === null || (mustConfirm && !confirmed)} onClick={() => void queue()}>
            Queue {sketches.length} {sketches.length === 1 ? 'job' : 'jobs'}
          </button>
        </div>
      </footer>
    </>
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
