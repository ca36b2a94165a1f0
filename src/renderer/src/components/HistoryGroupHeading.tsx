import type { HistoryGroup } from '../../../shared/history-query';
import { thumbnailFileName } from '../../../shared/job';
import { setHistoryView } from '../history/history-loader';
import { jobFileUrl } from '../jobs/media-url';
import { useMediaBaseUrl } from '../store/app-info';
import { useHistoryStore } from '../store/history';

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** "Tuesday, 24 November 2026" for a `2026-11-24` group (a calendar day: no time zone shift). */
function dayLabel(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const value = new Date(year, month - 1, date);
  return Number.isNaN(value.getTime()) ? day : dayFormat.format(value);
}

/** The heading over one group of the History: the day, or the sketch (with a way to see only it). */
export function HistoryGroupHeading({ group }: { group: HistoryGroup }) {
  const kind = useHistoryStore((state) => state.view.group);
  const filteredToIt = useHistoryStore((state) => state.view.sketch?.key === group.key);
  const mediaBaseUrl = useMediaBaseUrl();
  const count = `${group.count.toLocaleString()} ${group.count === 1 ? 'job' : 'jobs'}`;

  if (kind === 'sketch') {
    return (
      <div className="gallery-group">
        {mediaBaseUrl !== null && group.sampleJobId !== null && (
          <img
            className="gallery-group-sketch"
            src={jobFileUrl(mediaBaseUrl, group.sampleJobId, thumbnailFileName('input.png'))}
            alt=""
            loading="lazy"
            decoding="async"
          />
        )}
        <h3 className="gallery-group-title">{group.label}</h3>
        <span className="gallery-group-count">{count}</span>
        {!filteredToIt && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => setHistoryView({ sketch: { key: group.key, name: group.label } })}
          >
            Only this sketch
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="gallery-group">
      <h3 className="gallery-group-title">{dayLabel(group.label)}</h3>
      <span className="gallery-group-count">{count}</span>
    </div>
  );
}
