import { useId, useState } from 'react';
import { rerunJobCopies } from '../jobs/bulk-actions';
import { COPIES_LIMITS, parseCopies } from '../jobs/copies';

/** "Run again" with how many copies, each with a new random seed or the seed the job used. */
export function RunAgainControl({ jobId }: { jobId: string }) {
  const id = useId();
  const [text, setText] = useState('1');
  const [busy, setBusy] = useState(false);
  const [seed, setSeed] = useState<'new' | 'same'>('new');
  const { copies, error } = parseCopies(text);

  const run = (): void => {
    if (copies === null || busy) return;
    setBusy(true);
    void rerunJobCopies(jobId, copies, seed).finally(() => setBusy(false));
  };

  return (
    <>
      <button
        type="button"
        className="button button--primary"
        disabled={copies === null || busy}
        aria-describedby={error === null ? undefined : `${id}-error`}
        onClick={run}
      >
        Run again
      </button>
      <span className="copies-field">
        <label htmlFor={`${id}-seed`}>Seed</label>
        <select id={`${id}-seed`} className="copies-seed" value={seed} onChange={(event) => setSeed(event.target.value === 'same' ? 'same' : 'new')}>
          <option value="new">New seed</option>
          <option value="same">Same seed</option>
        </select>
      </span>
      <span className="copies-field">
        <label htmlFor={`${id}-copies`}>Copies</label>
        <input
          id={`${id}-copies`}
          className="copies-input"
          type="number"
          inputMode="numeric"
          min={COPIES_LIMITS.min}
          max={COPIES_LIMITS.max}
          step={1}
          value={text}
          aria-invalid={error !== null}
          aria-describedby={error === null ? undefined : `${id}-error`}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') run();
          }}
        />
      </span>
      {error !== null && (
        <p id={`${id}-error`} className="field-error copies-error">
          {error}
        </p>
      )}
    </>
  );
}
