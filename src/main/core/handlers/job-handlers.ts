import { HISTORY_PAGE_MAX, historyQuerySchema } from '../../../shared/history-query';
import { summarize, type Job, type JobSummary } from '../../../shared/job';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './core-context';
import { createJobFromImage } from './create-job';
import { requireJob } from './require-job';

type JobHandlers = Pick<
  Handlers,
  | 'jobs:create'
  | 'jobs:get'
  | 'jobs:summaries'
  | 'jobs:active'
  | 'jobs:lineage'
  | 'jobs:set-marks'
  | 'jobs:cancel'
  | 'jobs:rerun'
  | 'jobs:delete'
  | 'jobs:retry'
  | 'jobs:cancel-all'
  | 'jobs:retry-failed'
  | 'jobs:move-up'
  | 'queue:get'
>;

const USED_BY_SHOWN = 50;

/** Making, following, marking and removing jobs. Replies are acknowledgements: the page learns of changes from events. */
export function jobHandlers(ctx: CoreContext): JobHandlers {
  const { store, files, drafts } = ctx.library;

  return {
    'jobs:create': async ({ inputId, params }) => {
      const draft = drafts.get(inputId);
      const from = draft ?? { sourceName: 'sketch', origin: { kind: 'file' as const }, sketchKey: null };
      return summarize(await createJobFromImage(ctx, () => files.readDraft(inputId), from, params));
    },
    'jobs:get': async ({ jobId }) => requireJob(store, jobId),
    'jobs:summaries': async ({ jobIds }) =>
      jobIds.flatMap((jobId) => {
        const job = store.get(jobId);
        return job ? [summarize(job)] : [];
      }),
    'jobs:active': async () => store.unfinished().map(summarize),
    'jobs:lineage': async ({ jobId }) => {
      const job = requireJob(store, jobId);
      const usedBy = store.usedBy(jobId, USED_BY_SHOWN);
      const source = job.origin.kind === 'file' ? undefined : store.get(job.origin.jobId);
      return {
        madeFrom: job.origin.kind === 'file' ? null : { origin: job.origin, job: source ? summarize(source) : null },
        usedBy: { total: usedBy.total, jobs: usedBy.jobs.map(summarize) },
      };
    },
    'jobs:set-marks': async ({ jobId, favourite, rating }) => {
      requireJob(store, jobId);
      const change: Partial<Job> = {};
      if (favourite !== undefined) change.favourite = favourite;
      if (rating !== undefined) change.rating = rating;
      return summarize(store.patch(jobId, change));
    },
    'jobs:cancel': async ({ jobId }) => summarize(await ctx.engine.cancel(jobId)),
    'jobs:rerun': async ({ jobId, copies, seed }) => {
      const job = requireJob(store, jobId);
      const from = { sourceName: job.input.sourceName, origin: { kind: 'rerun' as const, jobId }, sketchKey: job.sketchKey || null };
      // Same seed = the one the model actually used, so the image comes back as it was.
      const params = { ...job.params, seed: seed === 'same' ? (job.seedUsed ?? job.params.seed) : null };
      const made: JobSummary[] = [];
      // The sketch is read once for all the copies.
      let input: Promise<Buffer> | null = null;
      const readInput = (): Promise<Buffer> => (input ??= files.readJobFile(jobId, job.input.file));
      // One at a time, so they queue in order and a refusal stops the rest.
      for (let i = 0; i < copies; i++) made.push(summarize(await createJobFromImage(ctx, readInput, from, params)));
      return made;
    },
    'jobs:delete': async ({ jobId }) => {
      requireJob(store, jobId);
      if (ctx.engine.isActive(jobId)) {
        // Stop it on the server first and let its run finish: a create still in flight must be
        // able to record and cancel the prediction it made before the record is gone.
        await ctx.engine.cancel(jobId);
        await ctx.engine.settled(jobId);
      }
      store.delete(jobId);
      await files.deleteJobFolder(jobId);
      return { deleted: true as const };
    },
    'jobs:retry': async ({ jobId }) => summarize(await ctx.engine.retry(jobId)),
    'jobs:cancel-all': async () => ({ canceled: await ctx.engine.cancelAll() }),
    'jobs:retry-failed': async () => {
      // Oldest first, so they go out in the order they were first made.
      const failed = historyQuerySchema.parse({ status: 'failed', sort: 'oldest' });
      const ids: string[] = [];
      for (let offset = 0; ; offset += HISTORY_PAGE_MAX) {
        const page = store.page(failed, offset, HISTORY_PAGE_MAX);
        ids.push(...page.jobs.map((job) => job.id));
        if (offset + HISTORY_PAGE_MAX >= page.total) break;
      }
      let queued = 0;
      for (const jobId of ids) {
        // A job deleted or retried meanwhile is skipped; the others still go.
        if (await ctx.engine.retry(jobId).then(() => true, () => false)) queued++;
      }
      return { queued };
    },
    'jobs:move-up': async ({ jobId, toTop }) => ctx.engine.moveUp(jobId, toTop),
    'queue:get': async () => ctx.engine.queueState(),
  };
}
