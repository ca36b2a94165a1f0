import { useEffect, useRef, useState } from 'react';
import { deleteJob } from '../jobs/job-actions';

/** Delete asks once, in place: the button turns into "Confirm delete" / "Keep". */
export function DeleteJobControl({ jobId }: { jobId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="confirm-delete">
      <span className="confirm-delete-question">Delete this job and its images?</span>
      <button
        ref={confirmRef}
        type="button"
        className="button button--danger"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void deleteJob(jobId).then(() => setBusy(false));
        }}
      >
        Confirm delete
      </button>
      <button type="button" className="button button--ghost" disabled={busy} onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}
