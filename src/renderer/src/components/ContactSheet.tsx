import { useEffect, useState } from 'react';
import type { BatchSummary } from '../../../shared/batch-spec';
import type { JobSummary } from '../../../shared/job';
import { contactSheetLayout } from '../../../shared/contact-sheet-layout';
import { call, toAppErrorData } from '../api/client';
import { jobThumbnailUrl } from '../jobs/media-url';
import { statusWords } from '../jobs/status-words';
import { useOnline } from '../jobs/use-online';
import { useMediaBaseUrl } from '../store/app-info';
import { useBatchesStore } from '../store/batches';
import { closeContactSheet, useContactSheetStore } from '../store/contact-sheet';
import { putJobs } from '../store/jobs';
import { showError, toast } from '../store/ui';
import { jobAction } from '../jobs/job-action';
import { openViewer } from '../store/viewer';
import { Modal } from './Modal';

function Cell({ job, label }: { job: JobSummary | null; label: string }) {
  const mediaBaseUrl = useMediaBaseUrl();
  const online = useOnline();
  if (job === null) return <div className="sheet-cell sheet-cell--empty">—</div>;
  const ready = job.outputs.length > 0;
  const words = statusWords(job, online);
  return (
    <button
      type="button"
      className="sheet-cell"
      aria-label={label}
      onClick={() => openViewer({ jobId: job.id, outputIndex: ready ? 0 : null })}
      title={job.params.prompt}
    >
      {mediaBaseUrl !== null && <img src={jobThumbnailUrl(mediaBaseUrl, job)} alt="" decoding="async" draggable={false} />}
      {!ready && <span className="sheet-cell-status">{words}</span>}
    </button>
  );
}

/** A batch's results as a grid with labelled axes (the last sweep axis across, the others down). */
function ContactSheetBody({ batchId }: { batchId: string }) {
  const listed = useBatchesStore((state) => state.list.find((b) => b.id === batchId));
  // A batch older than the list holds (linked from a job's details) is asked for by id.
  const [fetched, setFetched] = useState<BatchSummary | null>(null);
  const [gone, setGone] = useState(false);
  const batch = listed ?? fetched ?? undefined;
  const [jobs, setJobs] = useState<JobSummary[] | null>(null);
  const progress = batch === undefined ? '' : `${batch.succeeded}/${batch.total}/${batch.failed}/${batch.canceled}`;
  useEffect(() => {
    if (listed !== undefined) return;
    let current = true;
    call('batches:get', { batchId }).then(
      (found) => current && setFetched(found),
      () => current && setGone(true),
    );
    return () => {
      current = false;
    };
  }, [batchId, listed]);
  // Read again as the batch moves on, so finished cells fill in.
  useEffect(() => {
    let current = true;
    call('batches:jobs', { batchId }).then(
      (found) => {
        if (!current) return;
        putJobs(found);
        setJobs(found);
      },
      (error: unknown) => showError(toAppErrorData(error), 'job-action'),
    );
    return () => {
      current = false;
    };
  }, [batchId, progress]);

  if (batch === undefined) return <p className="field-help">{gone ? 'That batch is gone.' : 'Loading…'}</p>;
  const layout = jobs === null ? null : contactSheetLayout(batch, jobs);
  const exportPng = (): Promise<boolean> =>
    jobAction(async () => {
      const { savedTo } = await call('batches:export-sheet', { batchId });
      if (savedTo !== null) toast(`Contact sheet saved to ${savedTo}`);
    });

  return (
    <>
      <header className="modal-head modal-head--row">
        <h2>Contact sheet</h2>
        <span className="field-help">{batch.name}</span>
        <span className="modal-head-actions">
          <button type="button" className="button button--small" onClick={() => void exportPng()} disabled={layout === null}>
            Export PNG
          </button>
          <button type="button" className="button button--ghost button--small" onClick={closeContactSheet}>
            Close
          </button>
        </span>
      </header>
      {layout === null ? (
        <p className="field-help">Loading…</p>
      ) : (
        <div className="sheet-scroll">
          <table className="sheet" aria-label={`Contact sheet of ${batch.name}`}>
            <thead>
              <tr>
                <th scope="col" />
                {layout.columns.map((column, i) => (
                  // By place: two prompt variants can share their shortened label.
                  <th key={i} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {layout.rows.map((row, r) => (
                <tr key={r}>
                  <th scope="row">{row.label}</th>
                  {row.cells.map((cell, i) => (
                    <td key={i}>
                      <Cell job={cell.job} label={[row.label, layout.columns[i]].filter(Boolean).join(', ')} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ContactSheet() {
  const batchId = useContactSheetStore((state) => state.batchId);
  if (batchId === null) return null;
  return (
    <Modal label="Contact sheet" onClose={closeContactSheet} className="sheet-dialog">
      <ContactSheetBody batchId={batchId} />
    </Modal>
  );
}
