import type { KeyboardEvent } from 'react';
import { RATING_MAX } from '../../../shared/job';
import { setMarks } from '../jobs/mark-actions';

const LABELS = ['No rating', '1 star', '2 stars', '3 stars', '4 stars', '5 stars'];

/** 0-5 stars as a radio group named "Rating": arrows move it, like any radio group. */
export function RatingControl({ jobId, rating }: { jobId: string; rating: number }) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowUp' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowDown' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = Math.min(RATING_MAX, Math.max(0, rating + step));
    if (next !== rating) void setMarks(jobId, { rating: next });
  };
  return (
    <div role="radiogroup" aria-label="Rating" className="rating" onKeyDown={onKeyDown}>
      {LABELS.map((label, value) => (
        <button
          key={label}
          type="button"
          role="radio"
          aria-checked={rating === value}
          aria-label={label}
          // One tab stop for the group, on the checked value.
          tabIndex={rating === value ? 0 : -1}
          className={value === 0 ? 'rating-clear' : value <= rating ? 'rating-star rating-star--on' : 'rating-star'}
          onClick={() => void setMarks(jobId, { rating: value })}
        >
          <span aria-hidden="true">{value === 0 ? '∅' : value <= rating ? '★' : '☆'}</span>
        </button>
      ))}
    </div>
  );
}
