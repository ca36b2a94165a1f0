import type { JobOrigin, JobSummary } from '../../../shared/job';
import { truncate } from '../format/text';
import { formatDateTime } from '../format/time';
import { paramChanges } from '../jobs/param-changes';
import { useLineage } from '../jobs/use-lineage';
import { putJobs } from '../store/jobs';
import { selectJob } from '../store/ui';

/** "output 2 of", "the sketch of", "a re-run of": how the input relates to the job it came from. */
function relation(origin: Exclude<JobOrigin, { kind: 'file' }>): string {
  if (origin.kind === 'output') return `Output ${origin.outputIndex + 1} of`;
  if (origin.kind === 'input') return 'The sketch of';
  return 'A re-run of';
}

/** How a later job used this one: "From output 2:", "Same sketch:", "Re-run:". */
function usedHow(origin: JobOrigin): string {
  if (origin.kind === 'output') return `From output ${origin.outputIndex + 1}:`;
  if (origin.kind === 'input') return 'Same sketch:';
  return 'Re-run:';
}

function JobLink({ job }: { job: JobSummary }) {
  const prompt = truncate(job.params.prompt, 60) || 'No prompt';
  return (
    <button
      type="button"
      className="link-button lineage-link"
      onClick={() => {
        // The linked job may be far from the History's loaded windows: its summary comes along.
        putJobs([job]);
        selectJob(job.id);
      }}
    >
      {prompt} <span className="lineage-time">({formatDateTime(job.timings.createdAt, 'compact')})</span>
    </button>
  );
}

/** What a re-run changed from its original ("Prompt strength: 0.8 → 0.5"), or that it changed nothing. */
function RerunChanges({ from, to }: { from: JobSummary; to: JobSummary }) {
  const changes = paramChanges(from, to);
  return (
    <p className="lineage-diff" aria-label="Changed from the original">
      {changes.length === 0 ? 'Same parameters and seed.' : `Changed: ${changes.map((c) => `${c.label} ${c.from} → ${c.to}`).join('; ')}`}
    </p>
  );
}

/** Lineage both ways: what this job's input was made from, and which jobs were made from this one. */
export function JobLineageSection({ summary }: { summary: JobSummary }) {
  const lineage = useLineage(summary.id, summary.status);
  const origin = summary.origin;
  return (
    <section aria-labelledby="detail-lineage-heading" className="detail-lineage">
      <h3 id="detail-lineage-heading">Lineage</h3>
      <dl className="detail-list">
        <dt>Made from</dt>
        <dd>
          {origin.kind === 'file' ? (
            <>A file you brought in: {summary.input.sourceName}</>
          ) : lineage?.madeFrom?.job ? (
            <>
              {relation(origin)} <JobLink job={lineage.madeFrom.job} />
              {origin.kind === 'rerun' && <RerunChanges from={lineage.madeFrom.job} to={summary} />}
            </>
          ) : lineage === null ? (
            '…'
          ) : (
            <>{relation(origin)} a job that has since been deleted</>
          )}
        </dd>
        <dt>Used by</dt>
        <dd>
          {lineage === null ? (
            '…'
          ) : lineage.usedBy.total === 0 ? (
            'No job yet'
          ) : (
            <ul className="lineage-list" aria-label="Used by">
              {lineage.usedBy.jobs.map((job) => (
                <li key={job.id}>
                  {usedHow(job.origin)} <JobLink job={job} />
                </li>
              ))}
              {lineage.usedBy.total > lineage.usedBy.jobs.length && (
                <li>and {lineage.usedBy.total - lineage.usedBy.jobs.length} more</li>
              )}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
