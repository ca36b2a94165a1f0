import { AppError } from '../../../shared/app-error';
import { MAX_BATCH_PREDICTIONS, parseSweep, type ParsedBatchSpec, type SweepField, type TextChange } from '../../../shared/batch-spec';
import type { Job } from '../../../shared/job';
import { generationParamsSchema, type GenerationParams, type Scheduler } from '../../../shared/model-input';

/** What expansion reads of a selected job. */
export type BatchSource = Pick<Job, 'id' | 'params' | 'seedUsed' | 'modelVersion'>;

/** One prediction of the batch, before it is a job. */
export type BatchDraft = {
  sourceJobId: string;
  params: GenerationParams;
  /** The source job's own, or the one the batch set; null: Settings' when it goes out. */
  modelVersion: string | null;
  /** This draft's place on the batch's axes (only axes with more than one value). */
  axes: Record<string, number | string>;
};

/** An axis of the batch with more than one value: what a contact sheet lays out. `job` = the selected jobs. */
export type BatchAxis = { name: string; values: (number | string)[] };

export type BatchExpansion = { drafts: BatchDraft[]; axes: BatchAxis[] };

function changeText(base: string, change: TextChange): string[] {
  switch (change.mode) {
    case 'keep':
      return [base];
    case 'replace':
      return [change.text];
    case 'append': {
      // Appended as a further phrase of the prompt: "castle" + "at dusk" -> "castle, at dusk".
      const head = base.trimEnd();
      const tail = change.text.trim();
      return [head === '' ? tail : tail === '' ? head : `${head}, ${tail}`];
    }
    case 'find-replace':
      // Literal and case-sensitive, every occurrence: what a find-and-replace box does.
      return [base.split(change.find).join(change.replace)];
    case 'variants':
      return [...new Set(change.texts)];
  }
}

function invalid(param: string, message: string): AppError {
  return new AppError('invalid-input', message, { fields: [{ param, field: param, message }] });
}

/** The values of one numeric field: the job's own, or the sweep typed for it (checked against the model's limits). */
function numberValues(field: SweepField, change: { mode: 'keep' } | { mode: 'values'; text: string }): number[] | null {
  if (change.mode === 'keep') return null;
  const parsed = parseSweep(field, change.text);
  if (!parsed.ok) throw invalid(field, parsed.message);
  return parsed.values;
}

/**
 * Turns a batch spec and its selected jobs into the predictions it makes: every selected job
 * times every combination of the sweep axes, in that order (job, prompt, scheduler, strength,
 * guidance, steps, outputs, seed). Pure: the estimate and the creation both call it, so what
 * the artist is shown is what is queued. Refuses more than MAX_BATCH_PREDICTIONS before
 * building anything.
 */
export function expandBatch(spec: ParsedBatchSpec, sources: readonly BatchSource[]): BatchExpansion {
  const strengths = numberValues('promptStrength', spec.promptStrength);
  const guidances = numberValues('guidanceScale', spec.guidanceScale);
  const steps = numberValues('steps', spec.steps);
  const outputs = numberValues('numOutputs', spec.numOutputs);
  const seeds = spec.seed.mode === 'values' ? numberValues('seed', spec.seed) : null;
  const schedulers: Scheduler[] | null = spec.scheduler.mode === 'values' ? [...new Set(spec.scheduler.values)] : null;

  const promptsOf = (job: BatchSource): string[] => changeText(job.params.prompt, spec.prompt);
  const negativesOf = (job: BatchSource): string[] => changeText(job.params.negativePrompt, spec.negativePrompt);
  const per = (values: unknown[] | null): number => values?.length ?? 1;
  const sweepSize = per(schedulers) * per(strengths) * per(guidances) * per(steps) * per(outputs) * per(seeds);
  let count = 0;
  for (const job of sources) count += promptsOf(job).length * negativesOf(job).length * sweepSize;
  if (count > MAX_BATCH_PREDICTIONS) {
    throw new AppError('invalid-input', `This batch would make ${count.toLocaleString('en')} predictions; at most ${MAX_BATCH_PREDICTIONS.toLocaleString('en')} go in one batch. Select fewer jobs or sweep fewer values.`);
  }

  const axes: BatchAxis[] = [];
  const axis = (name: string, values: (number | string)[] | null): void => {
    if (values !== null && values.length > 1) axes.push({ name, values });
  };
  if (sources.length > 1) axis('job', sources.map((job) => job.id));
  if (spec.prompt.mode === 'variants') axis('prompt', [...new Set(spec.prompt.texts)]);
  if (spec.negativePrompt.mode === 'variants') axis('negativePrompt', [...new Set(spec.negativePrompt.texts)]);
  axis('scheduler', schedulers);
  axis('promptStrength', strengths);
  axis('guidanceScale', guidances);
  axis('steps', steps);
  axis('numOutputs', outputs);
  axis('seed', seeds);
  const swept = new Set(axes.map((a) => a.name));

  const drafts: BatchDraft[] = [];
  for (const job of sources) {
    // Keep = the seed the model actually used, so a kept seed reproduces the job's image.
    const ownSeed = job.seedUsed ?? job.params.seed;
    for (const prompt of promptsOf(job))
      for (const negativePrompt of negativesOf(job))
        for (const scheduler of schedulers ?? [job.params.scheduler])
          for (const promptStrength of strengths ?? [job.params.promptStrength])
            for (const guidanceScale of guidances ?? [job.params.guidanceScale])
              for (const stepCount of steps ?? [job.params.steps])
                for (const numOutputs of outputs ?? [job.params.numOutputs])
                  for (const seed of seeds ?? [spec.seed.mode === 'random' ? null : ownSeed]) {
                    const params: GenerationParams = { prompt, negativePrompt, scheduler, promptStrength, guidanceScale, steps: stepCount, numOutputs, seed };
                    // An edit can make a value the model refuses (an appended prompt past its length limit):
                    // said now, for the estimate, not as a failed write after the folders exist.
                    const checked = generationParamsSchema.safeParse(params);
                    if (!checked.success) {
                      const issue = checked.error.issues[0];
                      const name = String(issue?.path[0] ?? 'prompt');
                      throw invalid(name, issue?.message ?? 'A changed value is not valid');
                    }
                    const place: Record<string, number | string> = {};
                    if (swept.has('job')) place.job = job.id;
                    for (const name of swept) if (name !== 'job') place[name] = params[name as keyof GenerationParams] ?? '';
                    const modelVersion = spec.modelVersion.mode === 'set' ? spec.modelVersion.value : spec.modelVersion.mode === 'keep' ? job.modelVersion : null;
                    drafts.push({ sourceJobId: job.id, params, modelVersion, axes: place });
                  }
  }
  return { drafts, axes };
}
