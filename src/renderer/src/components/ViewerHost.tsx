import { useEffect } from 'react';
import type { JobSummary } from '../../../shared/job';
import { fetchJobs, loadHistoryPlace } from '../history/history-loader';
import { stepTarget, type StepJob } from '../history/viewer-steps';
import { jobFileUrl } from '../jobs/media-url';
import { paramSummary } from '../jobs/param-summary';
import { useMediaBaseUrl } from '../store/app-info';
import { idAt, indexOf, useHistoryStore } from '../store/history';
import { useJobsStore } from '../store/jobs';
import { selectJob } from '../store/ui';
import { closeViewer, openViewer, useViewerStore, type ViewerTarget } from '../store/viewer';
import { ImageViewer, type ViewerImage } from '../viewer/ImageViewer';
import { copyImage, outputDragHandler } from '../jobs/share-actions';
import { previousRevisionOf, useRevisions } from '../watch/use-revisions';
import { FavouriteToggle } from './FavouriteToggle';

const asStep = (job: JobSummary): StepJob => ({ id: job.id, outputCount: job.outputs.length });

/** The job before or after this one in the History's order, if the page holds it (undefined: not loaded yet). */
function neighbourOf(jobId: string, direction: 1 | -1): StepJob | null | undefined {
  const history = useHistoryStore.getState();
  const index = indexOf(history, jobId);
  if (index === -1) return null;
  const next = index + direction;
  if (next < 0 || (history.total !== null && next >= history.total)) return null;
  const id = idAt(history, next);
  const job = id === undefined ? undefined : useJobsStore.getState().byId[id];
  return job === undefined ? undefined : asStep(job);
}

/** Loads the windows holding the two jobs on each side, so stepping never waits on them. */
function loadNeighbours(jobId: string): void {
  const index = indexOf(useHistoryStore.getState(), jobId);
  if (index === -1) return;
  for (const place of [index - 2, index - 1, index + 1, index + 2]) loadHistoryPlace(place);
}

function imagesOf(job: JobSummary, target: ViewerTarget, mediaBaseUrl: string): { image: ViewerImage; sketch: ViewerImage | null; title: string } {
  const sketch: ViewerImage = {
    url: jobFileUrl(mediaBaseUrl, job.id, job.input.file),
    label: 'Sketch',
    width: job.input.width,
    height: job.input.height,
  };
  const output = target.outputIndex === null ? undefined : job.outputs[target.outputIndex];
  if (target.outputIndex === null || output === undefined) return { image: { ...sketch, label: 'Input sketch' }, sketch: null, title: 'Input sketch' };
  const label = `Output ${target.outputIndex + 1}`;
  return {
    image: {
      url: jobFileUrl(mediaBaseUrl, job.id, output.file),
      label,
      // Records from before sizes were kept: the sketch's aspect is the model's.
      width: output.width ?? job.input.width,
      height: output.height ?? job.input.height,
    },
    sketch,
    title: `${label} of ${job.outputs.length}`,
  };
}

/** For a revision of a watched file: the same output (or the first) of the revision before that has one. */
function previousRevisionImage(job: JobSummary, target: ViewerTarget, revisions: readonly JobSummary[] | null, mediaBaseUrl: string): ViewerImage | null {
  if (target.outputIndex === null) return null;
  const previous = previousRevisionOf(job, revisions);
  const index = previous === null ? 0 : previous.outputs[target.outputIndex] === undefined ? 0 : target.outputIndex;
  const output = previous?.outputs[index];
  if (previous === null || output === undefined) return null;
  return {
    url: jobFileUrl(mediaBaseUrl, previous.id, output.file),
    label: `Revision ${previous.watch?.revision ?? '?'}, output ${index + 1}`,
    width: output.width ?? previous.input.width,
    height: output.height ?? previous.input.height,
  };
}

function ViewerForJob({ target }: { target: ViewerTarget }) {
  const job = useJobsStore((state) => state.byId[target.jobId]);
  const mediaBaseUrl = useMediaBaseUrl();
  // Re-rendered as windows load, so Previous / Next enable themselves once a neighbour arrives.
  useHistoryStore((state) => state.pages);

  useEffect(() => {
    if (job === undefined) void fetchJobs([target.jobId]).catch(() => closeViewer());
  }, [job, target.jobId]);
  useEffect(() => loadNeighbours(target.jobId), [target.jobId]);
  const revisions = useRevisions(job?.watch?.watchId ?? null, job?.status);
  if (job === undefined || mediaBaseUrl === null) return null;

  const { image, sketch, title } = imagesOf(job, target, mediaBaseUrl);
  const step = (direction: 1 | -1): ViewerTarget | null => stepTarget(target, asStep(job), direction, (d) => neighbourOf(job.id, d));
  const go = (direction: 1 | -1): void => {
    const next = step(direction);
    if (next === null) return;
    // The detail panel follows the viewer, so closing it leaves the artist on the job they reached.
    if (next.jobId !== job.id) selectJob(next.jobId);
    openViewer(next);
  };
  const subtitle = [job.params.prompt || 'No prompt', ...paramSummary(job).map((p) => `${p.label} ${p.value}`)].join(' · ');

  return (
    <ImageViewer
      title={title}
      subtitle={subtitle}
      image={image}
      sketch={sketch}
      previousRevision={previousRevisionImage(job, target, revisions, mediaBaseUrl)}
      canPrevious={step(-1) !== null}
      canNext={step(1) !== null}
      onPrevious={() => go(-1)}
      onDragOut={outputDragHandler(job.id, target.outputIndex)}
      onNext={() => go(1)}
      onClose={closeViewer}
      onCopy={() => void copyImage(job.id, target.outputIndex)}
      extraActions={<FavouriteToggle jobId={job.id} favourite={job.favourite} className="viewer-favourite" />}
    />
  );
}

/** The full-window viewer while one is open (closing it gives focus back to what opened it). */
export function ViewerHost() {
  const target = useViewerStore((state) => state.open);
  return target === null ? null : <ViewerForJob target={target} />;
}
