import { AppError } from '../../../shared/app-error';
import { batchSpecSchema, type BatchSummary, type ParsedBatchSpec } from '../../../shared/batch-spec';
import type { GenerationParams } from '../../../shared/model-input';
import { AXIS_LABELS, contactSheetLayout } from '../../../shared/contact-sheet-layout';
import { isFinalStatus, summarize, type Job, type JobOrigin, type JobSummary } from '../../../shared/job';
import { cellFiles, contactSheetPng } from '../batches/contact-sheet-png';
import { writeFileAtomic } from '../fs/atomic-write';
import { DEFAULT_STEP_RATE, estimateBatch } from '../batches/estimate-batch';
import { expandBatch, type BatchDraft, type BatchExpansion } from '../batches/expand-batch';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './core-context';
import { sketchKeyOf } from './input-handlers';
import { requireToken } from './require-token';
import { INPUT_FILE } from '../library/job-files';
import { newJobRecord, readPreparedSketch } from './create-job';

type BatchHandlers = Pick<
  Handlers,
  'batches:estimate' | 'batches:create' | 'batches:list' | 'batches:jobs' | 'batches:pause' | 'batches:resume' | 'batches:cancel' | 'batches:retry-failed' | 'batches:export-sheet' | 'batches:get' | 'batches:estimate-sketches' | 'batches:from-sketches' | 'costs:totals'
>;

const BATCHES_LISTED = 50;
/** Job folders made at once while a batch is created: enough to keep the disk busy, few enough to keep main answering. */
const FOLDERS_AT_ONCE = 32;
const RETRYABLE = new Set<Job['status']>(['failed', 'aborted', 'expired']);

/** The sketch a batch job starts from: a file already in the library, and what its record says of it. */
type BatchInput = { path: string; input: Job['input']; sketchKey: string; origin: JobOrigin };

/** Batch re-runs: the estimate and the creation expand the same spec (expand-batch.ts); then pause, resume, cancel, retry. */
export function batchHandlers(ctx: CoreContext): BatchHandlers {
  const { store, files, drafts, batches } = ctx.library;
  const price = (): number => ctx.currentSettings().pricePerSecondUsd;

  function sourcesOf(spec: ParsedBatchSpec): Job[] {
    const found: Job[] = [];
    let missing = 0;
    for (const jobId of new Set(spec.jobIds)) {
      const job = store.get(jobId);
      if (job) found.push(job);
      else missing++;
    }
    if (missing > 0) throw new AppError('not-found', `${missing === 1 ? 'One selected job no longer exists' : `${missing} selected jobs no longer exist`}; select again.`);
    return found;
  }

  function estimate(expansion: BatchExpansion) {
    const measured = ctx.library.modelTime.measuredStepRate();
    const rate = measured === null ? DEFAULT_STEP_RATE : { secondsPerStepImage: measured, basis: 'history' as const };
    return estimateBatch(expansion, rate, ctx.currentSettings());
  }

  /** Where each job's sketch comes from: its own input, or one staged sketch for all. */
  async function inputsFor(spec: ParsedBatchSpec): Promise<(job: Job) => BatchInput> {
    if (spec.input.mode === 'own') {
      return (job) => ({
        path: files.jobFilePath(job.id, job.input.file),
        input: { ...job.input, file: INPUT_FILE },
        sketchKey: job.sketchKey,
        origin: { kind: 'rerun', jobId: job.id },
      });
    }
    const shared = await stagedInput(spec.input.inputId);
    return () => shared;
  }

  /** A staged sketch (a draft) as a batch's input. */
  async function stagedInput(inputId: string): Promise<BatchInput> {
    const draft = drafts.get(inputId);
    const path = files.draftPath(inputId);
    const { png, width, height } = await readPreparedSketch(() => files.readDraft(inputId), {
      gone: 'A sketch chosen for the batch is gone; choose it again.',
      unreadable: 'A sketch chosen for the batch cannot be read; choose it again.',
    });
    return {
      path,
      input: { file: INPUT_FILE, width, height, bytes: png.byteLength, sourceName: draft?.sourceName ?? 'sketch' },
      sketchKey: draft?.sketchKey ?? sketchKeyOf(png),
      origin: draft?.origin ?? { kind: 'file' },
    };
  }

  function nameOf(spec: ParsedBatchSpec, sources: Job[], expansion: BatchExpansion): string {
    if (spec.name !== '') return spec.name;
    const what = sources.length === 1 ? `Re-run of “${sources[0]?.params.prompt.slice(0, 40) ?? ''}”` : `Re-run of ${sources.length} jobs`;
    const sweeps = expansion.axes.filter((axis) => axis.name !== 'job').map((axis) => `${AXIS_LABELS[axis.name] ?? axis.name} × ${axis.values.length}`);
    return sweeps.length > 0 ? `${what} · ${sweeps.join(', ')}` : what;
  }

  function jobsOf(batchId: string): JobSummary[] {
    return batches.jobIds(batchId).flatMap((jobId) => {
      const job = store.get(jobId);
      return job ? [summarize(job)] : [];
    });
  }

  function requireBatch(batchId: string): BatchSummary {
    const found = batches.get(batchId, price());
    if (!found) throw new AppError('not-found', 'That batch no longer exists.');
    return found;
  }

  function requireConfirmation({ needsConfirmation, costUsd }: { needsConfirmation: boolean; costUsd: number }, confirmedCostUsd: number | null): void {
    // What was accepted must cover this estimate (a cent of rounding aside): a bigger batch needs a new yes.
    if (needsConfirmation && (confirmedCostUsd === null || confirmedCostUsd + 0.005 < costUsd)) {
      throw new AppError('invalid-request', `This batch is estimated at $${costUsd.toFixed(2)}, over your confirmation threshold: confirm it first.`);
    }
  }

  /** Staged sketches (several files dropped at once), each read once for its size. */
  async function sketchInputs(inputIds: readonly string[]): Promise<BatchInput[]> {
    const inputs: BatchInput[] = [];
    for (const inputId of inputIds) inputs.push(await stagedInput(inputId));
    return inputs;
  }

  /** One job per sketch with the same parameters: the sketches are the batch's one axis. */
  function sketchesExpansion(inputs: readonly BatchInput[], params: GenerationParams): BatchExpansion {
    const names = inputs.map((input, i) => `${i + 1}. ${input.input.sourceName}`);
    return {
      drafts: inputs.map((_, i): BatchDraft => ({ sourceJobId: '', params, modelVersion: null, axes: inputs.length > 1 ? { sketch: names[i] ?? '' } : {} })),
      axes: inputs.length > 1 ? [{ name: 'sketch', values: names }] : [],
    };
  }

  /**
   * Makes a batch: (1) its row, listing the folders about to be made (a crash from here on is
   * undone at the next open); (2) the folders, each with its sketch linked in; (3) every job and
   * the batch's state in one transaction, so all of it lands or none of it. Then it is queued.
   */
  async function makeBatch(meta: { name: string; spec: unknown; axes: BatchExpansion['axes'] }, drafts: { params: GenerationParams; modelVersion: string | null; axes: Record<string, number | string>; input: BatchInput }[]): Promise<BatchSummary> {
    const batchId = files.newJobId();
    const jobIds = drafts.map(() => files.newJobId());
    const now = new Date(ctx.clock.now()).toISOString();
    const settings = ctx.currentSettings();
    batches.begin({ id: batchId, name: meta.name, createdAt: now, spec: meta.spec, axes: meta.axes, pendingJobIds: jobIds });
    try {
      for (let i = 0; i < drafts.length; i += FOLDERS_AT_ONCE) {
        // Settled, not raced: when one fails, none of its neighbours is still being made while
        // the cleanup below runs.
        const made = await Promise.allSettled(drafts.slice(i, i + FOLDERS_AT_ONCE).map((draft, j) => files.createJobFolderWithInput(jobIds[i + j] as string, draft.input.path)));
        const failed = made.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      }
      await files.syncJobsFolder();
      const jobs: Job[] = drafts.map((draft, i) =>
        newJobRecord(
          {
            id: jobIds[i] as string,
            params: draft.params,
            modelVersion: draft.modelVersion ?? settings.modelVersion,
            apiBaseUrl: settings.apiBaseUrl,
            input: draft.input.input,
            origin: draft.input.origin,
            sketchKey: draft.input.sketchKey,
            batch: { id: batchId, index: i, pinnedModel: draft.modelVersion !== null, axes: draft.axes },
            watch: null,
          },
          now,
        ),
      );
      store.createMany(jobs, () => batches.activate(batchId));
    } catch (error) {
      // Not committed: every folder it may have made goes (those never made are skipped), then
      // its row; a folder that cannot go leaves the row, and the next open finishes the cleanup.
      if (batches.isCreating(batchId)) {
        const removed = await Promise.allSettled(jobIds.map((id) => files.deleteJobFolder(id)));
        if (removed.every((result) => result.status === 'fulfilled')) batches.forget(batchId);
      }
      if (error instanceof AppError) throw error;
      throw new AppError('internal', 'The batch could not be written to the library; nothing was queued.', { cause: error });
    }
    ctx.engine.enqueueMany(jobIds);
    return requireBatch(batchId);
  }

  return {
    'batches:estimate': async (spec) => {
      const parsed = batchSpecSchema.parse(spec);
      return estimate(expandBatch(parsed, sourcesOf(parsed)));
    },

    'batches:create': async ({ spec, confirmedCostUsd }) => {
      await requireToken(ctx);
      const parsed = batchSpecSchema.parse(spec);
      const sources = sourcesOf(parsed);
      const expansion = expandBatch(parsed, sources);
      requireConfirmation(estimate(expansion), confirmedCostUsd);
      const inputOf = await inputsFor(parsed);
      const byId = new Map(sources.map((job) => [job.id, job]));
      return makeBatch(
        { name: nameOf(parsed, sources, expansion), spec: parsed, axes: expansion.axes },
        expansion.drafts.map((draft) => ({ params: draft.params, modelVersion: draft.modelVersion, axes: draft.axes, input: inputOf(byId.get(draft.sourceJobId) as Job) })),
      );
    },

    'batches:estimate-sketches': async ({ inputIds, params }) => estimate(sketchesExpansion(await sketchInputs(inputIds), params)),

    'batches:from-sketches': async ({ inputIds, params, confirmedCostUsd }) => {
      await requireToken(ctx);
      const inputs = await sketchInputs(inputIds);
      const expansion = sketchesExpansion(inputs, params);
      requireConfirmation(estimate(expansion), confirmedCostUsd);
      const prompt = params.prompt.trim();
      const name = `${inputs.length} sketches · ${prompt === '' ? 'no prompt' : prompt.length > 40 ? `${prompt.slice(0, 39)}…` : prompt}`;
      return makeBatch(
        { name, spec: { inputIds, params }, axes: expansion.axes },
        inputs.map((input, i) => ({ params, modelVersion: null, axes: expansion.drafts[i]?.axes ?? {}, input })),
      );
    },

    'batches:list': async () => batches.list(BATCHES_LISTED, price()),
    'batches:get': async ({ batchId }) => requireBatch(batchId),

    'costs:totals': async ({ dayStart, monthStart }) => {
      const pricePerSecondUsd = price();
      const total = (since: string) => {
        const spent = ctx.library.modelTime.spentSince(since);
        return { ...spent, costUsd: spent.predictSeconds * pricePerSecondUsd };
      };
      return { today: total(dayStart), month: total(monthStart), pricePerSecondUsd };
    },

    'batches:jobs': async ({ batchId }) => {
      requireBatch(batchId);
      return jobsOf(batchId);
    },

    'batches:export-sheet': async ({ batchId }) => {
      const batch = requireBatch(batchId);
      const target = await ctx.desktop.pickSavePath(`redraw-contact-sheet-${batchId}.png`);
      if (!target) return { savedTo: null };
      // Read through the library file guard, like every image the page is shown.
      const imageOf = async (job: JobSummary): Promise<Buffer | null> => {
        const cell = cellFiles(job);
        if (cell === null) return null;
        return files.readJobFile(job.id, cell.thumbnail).catch(() => files.readJobFile(job.id, cell.full)).catch(() => null);
      };
      const png = await contactSheetPng(contactSheetLayout(batch, jobsOf(batchId)), batch.name, imageOf);
      try {
        await writeFileAtomic(target, png);
      } catch (cause) {
        throw new AppError('internal', `Could not save to ${target}.`, { cause });
      }
      return { savedTo: target };
    },

    'batches:pause': async ({ batchId }) => {
      const batch = requireBatch(batchId);
      if (batch.state !== 'active') throw new AppError('invalid-request', 'Only a running batch can be paused.');
      // Jobs already sent finish (they are paid for); the ones still waiting keep their place.
      batches.setState(batchId, 'paused');
      return requireBatch(batchId);
    },

    'batches:resume': async ({ batchId }) => {
      const batch = requireBatch(batchId);
      if (batch.state !== 'paused') throw new AppError('invalid-request', 'Only a paused batch can be resumed.');
      batches.setState(batchId, 'active');
      ctx.engine.kick();
      return requireBatch(batchId);
    },

    'batches:cancel': async ({ batchId }) => {
      requireBatch(batchId);
      batches.setState(batchId, 'canceled');
      const unfinished = batches.jobIds(batchId).filter((jobId) => {
        const job = store.get(jobId);
        return job !== undefined && !isFinalStatus(job.status);
      });
      await ctx.engine.cancelMany(unfinished);
      return requireBatch(batchId);
    },

    'batches:retry-failed': async ({ batchId }) => {
      const batch = requireBatch(batchId);
      // A canceled batch runs again; a paused one stays paused (its retried jobs wait with the rest).
      if (batch.state === 'canceled') batches.setState(batchId, 'active');
      for (const jobId of batches.jobIds(batchId)) {
        const job = store.get(jobId);
        if (job && RETRYABLE.has(job.status)) await ctx.engine.retry(jobId).catch(() => undefined);
      }
      return requireBatch(batchId);
    },
  };
}
