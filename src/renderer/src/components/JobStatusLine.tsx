import { isFinalStatus } from '../../../shared/job';
import { formatSeconds } from '../format/time';
import { parseTime, useSecondsLeft, useSecondsSince } from '../hooks/use-seconds-left';
import { earlyProgress } from '../jobs/early-progress';
import { progressValue } from '../jobs/progress-value';
import { rateLimitPause } from '../jobs/rate-limit-pause';
import { statusTone, statusWords } from '../jobs/status-words';
import { useCurrentJob } from '../jobs/use-current-job';
import { useOnline } from '../jobs/use-online';
import { typicalJobSeconds, useJobsStore } from '../store/jobs';
import { useQueuePosition, useQueueStore } from '../store/queue';
import { useUiStore } from '../store/ui';

/** Where the current job is, in words, with its progress bar and what it is waiting for. */
export function JobStatusLine() {
  const job = useCurrentJob();
  const startedHere = useUiStore((state) => state.currentJobId !== null);
  const position = useQueuePosition(job?.id ?? null);
  const queuePause = useQueueStore((state) => state.queue?.rateLimitedUntil ?? null);
  const waitSeconds = useSecondsLeft(job === null ? null : parseTime(rateLimitPause(job, queuePause)));
  const online = useOnline();
  const running = job !== null && !isFinalStatus(job.status);
  const progress = job?.progress ?? null;
  // Sent but no step reported yet: from the first second it shows time, not a blank line.
  const sentAt = running && progress === null && job.status !== 'queued' ? parseTime(job.timings.submittedAt) : null;
  const elapsed = useSecondsSince(sentAt);
  const typicalSeconds = useJobsStore((state) => (sentAt === null ? null : typicalJobSeconds(state)));
  const early = elapsed === null ? null : earlyProgress({ elapsedSeconds: elapsed, typicalSeconds, online });
  const value = early?.value ?? progressValue(job);

  const details: string[] = [];
  if (position !== null) details.push(position === 1 ? 'next in line' : `number ${position} in line`);
  if (running && progress !== null) {
    details.push(`${Math.round(progress.percent)}%`, `step ${progress.current} of ${progress.total}`);
    if (progress.etaSeconds !== null && online) details.push(`about ${formatSeconds(progress.etaSeconds)} left`);
  }
  if (early !== null) details.push(...early.words);

  return (
    <div className="job-status">
      <div className="job-status-row">
        {/* Before anything is started here, the line is about the newest job in the history. */}
        {job !== null && !startedHere && <span className="job-status-label">Latest job</span>}
        <div role="status" aria-label="Job status" className="job-status-text">
          <span className={`badge badge--${job ? statusTone(job.status) : 'idle'}`}>
            {job ? statusWords(job, online) : 'No job yet'}
          </span>
          {details.length > 0 && <span className="job-status-details">{details.join(' · ')}</span>}
          {running && waitSeconds !== null && waitSeconds > 0 && (
            <span className="job-status-wait">Waiting for the rate limit, {waitSeconds} s</span>
          )}
        </div>
      </div>
      <progress className="job-progress" aria-label="Progress" max={100} value={value} />
    </div>
  );
}
