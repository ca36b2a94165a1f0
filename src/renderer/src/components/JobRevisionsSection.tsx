import type { JobSummary } from '../../../shared/job';
import { STATUS_WORDS } from '../jobs/status-words';
import { jobThumbnailUrl } from '../jobs/media-url';
import { useMediaBaseUrl } from '../store/app-info';
import { putJobs } from '../store/jobs';
import { selectJob } from '../store/ui';
import { useWatchesStore } from '../store/watches';
import { useRevisions } from '../watch/use-revisions';
import '../watch/watch.css';

/** One revision in the strip: its picture (the first output, else the drawing sent) and its number. */
function RevisionLink({ job, shown }: { job: JobSummary; shown: boolean }) {
  const mediaBaseUrl = useMediaBaseUrl();
  const revision = job.watch?.revision ?? 0;
  const what = job.outputs.length > 0 ? '' : ` (${STATUS_WORDS[job.status].toLowerCase()})`;
  return (
    <button
      type="button"
      className="revision-link"
      aria-label={`Revision ${revision}${what}`}
      aria-current={shown ? 'true' : undefined}
      onClick={() => {
        // The revision may be far from the History's loaded windows: its summary comes along.
        putJobs([job]);
        selectJob(job.id);
      }}
    >
      {mediaBaseUrl === null ? (
        <span className="revision-thumb revision-thumb--none" />
      ) : (
        <img className="revision-thumb" src={jobThumbnailUrl(mediaBaseUrl, job)} alt="" decoding="async" loading="lazy" />
      )}
      <span>{revision}</span>
    </button>
  );
}

/** For a job made by watching a file: which revision it is, among the others of that file (newest last). */
export function JobRevisionsSection({ summary }: { summary: JobSummary }) {
  const watch = summary.watch;
  // A new revision of this file (or this job's progress) refreshes the strip.
  const latestRevision = useWatchesStore((state) => state.list.find((w) => w.id === watch?.watchId)?.revisions ?? null);
  const revisions = useRevisions(watch?.watchId ?? null, `${summary.status}:${latestRevision ?? ''}`);
  if (watch === null) return null;
  return (
    <section aria-labelledby="detail-revisions-heading" className="detail-revisions">
      <h3 id="detail-revisions-heading">
        Revision {watch.revision} of {watch.fileName}
      </h3>
      {revisions !== null && revisions.length > 0 && (
        <ol className="revision-strip" aria-label={`Revisions of ${watch.fileName}`}>
          {revisions.map((job) => (
            <li key={job.id}>
              <RevisionLink job={job} shown={job.id === summary.id} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
