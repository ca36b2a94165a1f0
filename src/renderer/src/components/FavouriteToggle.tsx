import { setMarks } from '../jobs/mark-actions';

/** A star that marks a job as a favourite; named "Favourite", its pressed state says whether it is one. */
export function FavouriteToggle({ jobId, favourite, className }: { jobId: string; favourite: boolean; className?: string }) {
  return (
    <button
      type="button"
      className={`favourite-toggle${favourite ? ' favourite-toggle--on' : ''}${className ? ` ${className}` : ''}`}
      aria-pressed={favourite}
      aria-label="Favourite"
      title={favourite ? 'Remove from favourites' : 'Add to favourites'}
      onClick={(event) => {
        event.stopPropagation();
        void setMarks(jobId, { favourite: !favourite });
      }}
    >
      <span aria-hidden="true">{favourite ? '★' : '☆'}</span>
    </button>
  );
}
