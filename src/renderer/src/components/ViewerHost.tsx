import { useEffect } from 'react';
import type { JobSummary } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';
import { fetchJobs, loadHistoryPlace } from '../history/history-loader';
import { stepTarget, type StepJob } from '../history/viewer-steps';
import { jobFileUrl } from '../jobs/media-url';
import { paramSummary } from '../jobs/param-summary';
import { useMediaBaseUrl } from '../store/app-info';
import { idAt, indexOf, useHistoryStore } from '../store/history';
import { useJobsStore } from '../store/jobs';
import { selectJob, showError, toast } from '../store/ui';
import { closeViewer, openViewer, useViewerStore, type ViewerTarget } from '../store/viewer';
import { ImageViewer, type ViewerImage } from '../viewer/ImageViewer';
import { FavouriteToggle } from './FavouriteToggle';

const asStep = (job: JobSummary): StepJob => ({ id: job.id, outputCount: job.outputs.length });

/** The job before or after this one in the History's order, if the page holds it (it is loaded on the way). */
function neighbourOf(jobId: string, direction: 1 | -1): StepJob | null | undefined {
  const history = useHistoryStore.getState();
  const index = indexOf(history, jobId);
  if (index === -1) return null;
  const next = index + direction;
  if (next < 0 || (history.total !== null && next >= history.total)) return null;
  // Keep the window after the next one coming, so stepping never waits on it.
  loadHistoryPlace(next + direction);
  const id = idAt(history, next);
  const job = id === undefined ? undefined : useJobsStore.getState().byId[id];
  if (job === undefined) loadHistoryPlace(next);
  return job === undefined ? undefined : asStep(job);
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

function ViewerForJob({ target }: { target: ViewerTarget }) {
  const job = useJobsStore((state) => state.byId[target.jobId]);
  const mediaBaseUrl = useMediaBaseUrl();
  // Re-rendered as windows load, so Previous / Next enable themselves once a neighbour arrives.
  useHistoryStore((state) => state.pages);

  useEffect(() => {
    if (job === undefined) void fetchJobs([target.jobId]).catch(() => closeViewer());
  }, [job, target.jobId]);
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
      canPrevious={step(-1) !== null}
      canNext={step(1) !== null}
      onPrevious={() => go(-1)}
      onNext={() => go(1)}
      onClose={closeViewer}
      onCopy={() => {
        call('images:copy', { jobId: job.id, outputIndex: target.outputIndex }).then(
          () => toast('Image copied to the clipboard'),
          (error: unknown) => showError(toAppErrorData(error), 'job-action'),
        );
      }}
      extraActions={<FavouriteToggle jobId={job.id} favourite={job.favourite} className="viewer-favourite" />}
    />
  );
}

/** The full-window viewer while one is open (closing it gives focus back to what opened it). */
export function ViewerHost() {
  const target = useViewerStore((state) => state.open);
  return target === null ? null : <ViewerForJob target={target} />;
}
