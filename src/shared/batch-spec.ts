import { z } from 'zod';
import { jobIdSchema } from './job';
import { PARAM_LIMITS, schedulerSchema } from './model-input';
import { modelVersionSchema } from './settings';

/**
 * A batch re-run as the renderer describes it: which jobs, what to keep or change, and the sweep
 * axes. Main expands it into jobs (expand-batch.ts), for the estimate and for the creation
 * alike, so what the artist was shown is what is queued.
 */

/** The most predictions one batch may make: enough for a large sweep, bounded so a typo cannot queue a million. */
export const MAX_BATCH_PREDICTIONS = 2_000;
/** The most jobs one batch may start from (a "Select all" over a large search). */
export const MAX_BATCH_SOURCES = 2_000;
/** The most values one sweep axis may take. */
export const MAX_SWEEP_VALUES = 100;

const text = z.string().max(10_000, 'Text is too long (10,000 characters at most)');

/** What happens to a prompt (or the negative prompt) of each selected job. */
export const textChangeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('keep') }),
  z.object({ mode: z.literal('replace'), text }),
  z.object({ mode: z.literal('append'), text }),
  z.object({ mode: z.literal('find-replace'), find: z.string().min(1, 'Say what to find').max(10_000), replace: text }),
  /** Each variant is a whole prompt: one run per variant (a prompt sweep). */
  z.object({ mode: z.literal('variants'), texts: z.array(text).min(1, 'Add at least one variant').max(MAX_SWEEP_VALUES) }),
]);
export type TextChange = z.infer<typeof textChangeSchema>;

/** A numeric parameter: each job's own value, or the values typed ("0.6", "0.4, 0.6, 0.8", "0.3-0.9 step 0.1"). */
export const numberChangeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('keep') }),
  z.object({ mode: z.literal('values'), text: z.string().max(2_000) }),
]);
export type NumberChange = z.infer<typeof numberChangeSchema>;

export const seedChangeSchema = z.discriminatedUnion('mode', [
  /** The seed each job actually used: reproduce it, changing only what is overridden. */
  z.object({ mode: z.literal('keep') }),
  /** A new random seed for every prediction. */
  z.object({ mode: z.literal('random') }),
  /** One fixed seed, or a sweep of seeds. */
  z.object({ mode: z.literal('values'), text: z.string().max(2_000) }),
]);
export type SeedChange = z.infer<typeof seedChangeSchema>;

export const batchSpecSchema = z.object({
  /** The selected jobs, in the order the History showed them. */
  jobIds: z.array(jobIdSchema).min(1, 'Select at least one job').max(MAX_BATCH_SOURCES),
  prompt: textChangeSchema,
  negativePrompt: textChangeSchema,
  scheduler: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('keep') }),
    z.object({ mode: z.literal('values'), values: z.array(schedulerSchema).min(1, 'Choose at least one scheduler') }),
  ]),
  guidanceScale: numberChangeSchema,
  promptStrength: numberChangeSchema,
  steps: numberChangeSchema,
  numOutputs: numberChangeSchema,
  seed: seedChangeSchema,
  /**
   * Which model runs: the one in Settings when each job goes out (as for any job), the one each
   * job ran with (reproduce it), or one set for the whole batch.
   */
  modelVersion: z
    .discriminatedUnion('mode', [z.object({ mode: z.literal('settings') }), z.object({ mode: z.literal('keep') }), z.object({ mode: z.literal('set'), value: modelVersionSchema })])
    .default({ mode: 'settings' }),
  /** Each job's own sketch, or one staged sketch for all (the recipes applied to a revised drawing). */
  input: z.discriminatedUnion('mode', [z.object({ mode: z.literal('own') }), z.object({ mode: z.literal('one'), inputId: jobIdSchema })]),
  /** What the batch is listed as; empty = made from the selection. */
  name: z.string().trim().max(200).default(''),
});
export type BatchSpec = z.input<typeof batchSpecSchema>;
export type ParsedBatchSpec = z.output<typeof batchSpecSchema>;

/** A spec that keeps everything: each selected job run again as it was. */
export function keepAllSpec(jobIds: string[]): BatchSpec {
  const keep = { mode: 'keep' } as const;
  return {
    jobIds,
    prompt: keep,
    negativePrompt: keep,
    scheduler: keep,
    guidanceScale: keep,
    promptStrength: keep,
    steps: keep,
    numOutputs: keep,
    seed: keep,
    modelVersion: { mode: 'settings' },
    input: { mode: 'own' },
  };
}

export type SweepField = 'guidanceScale' | 'promptStrength' | 'steps' | 'numOutputs' | 'seed';

const SWEEP_LIMITS: Record<SweepField, { min: number; max: number; integer: boolean; label: string }> = {
  guidanceScale: { ...PARAM_LIMITS.guidanceScale, integer: false, label: 'Guidance scale' },
  promptStrength: { ...PARAM_LIMITS.promptStrength, integer: false, label: 'Prompt strength' },
  steps: { ...PARAM_LIMITS.steps, integer: true, label: 'Steps' },
  numOutputs: { ...PARAM_LIMITS.numOutputs, integer: true, label: 'Outputs' },
  seed: { ...PARAM_LIMITS.seed, integer: true, label: 'Seed' },
};

export type SweepResult = { ok: true; values: number[] } | { ok: false; message: string };

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const RANGE = new RegExp(String.raw`^(${NUMBER})\s*(?:-|–|\.\.|to)\s*(${NUMBER})\s+step\s+(${NUMBER})$`, 'i');

/**
 * Reads the values a sweep field holds: one number, a list ("0.4, 0.6, 0.8") or a range with a
 * step ("0.3-0.9 step 0.1", both ends included). Values are checked against the model's limits
 * and rounded to what floating point adds (0.1 steps give 0.3, 0.4, not 0.30000000000000004).
 */
export function parseSweep(field: SweepField, input: string): SweepResult {
  const limits = SWEEP_LIMITS[field];
  const source = input.trim();
  if (source === '') return { ok: false, message: `${limits.label}: enter a value, a list (0.4, 0.6) or a range (0.3-0.9 step 0.1)` };
  const values: number[] = [];
  for (const part of source.split(/[,;]/).map((p) => p.trim())) {
    if (part === '') continue;
    const range = RANGE.exec(part);
    if (range) {
      const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3])];
      if (!(step > 0)) return { ok: false, message: `${limits.label}: the step must be more than 0` };
      if (to < from) return { ok: false, message: `${limits.label}: a range goes from the smaller value to the larger (${part})` };
      const count = Math.floor((to - from) / step + 1e-9) + 1;
      if (count > MAX_SWEEP_VALUES) return { ok: false, message: `${limits.label}: ${count} values; at most ${MAX_SWEEP_VALUES} in one sweep` };
      for (let i = 0; i < count; i++) values.push(Number((from + i * step).toFixed(10)));
      continue;
    }
    if (!new RegExp(`^${NUMBER}$`).test(part)) return { ok: false, message: `${limits.label}: "${part}" is not a number or a range like 0.3-0.9 step 0.1` };
    values.push(Number(part));
  }
  if (values.length === 0) return { ok: false, message: `${limits.label}: enter at least one value` };
  if (values.length > MAX_SWEEP_VALUES) return { ok: false, message: `${limits.label}: ${values.length} values; at most ${MAX_SWEEP_VALUES} in one sweep` };
  for (const value of values) {
    if (limits.integer && !Number.isInteger(value)) return { ok: false, message: `${limits.label}: ${value} is not a whole number` };
    if (value < limits.min || value > limits.max) return { ok: false, message: `${limits.label}: ${value} is outside ${limits.min}-${limits.max}` };
  }
  // A value typed twice would run the same thing twice: kept once, in the order typed.
  return { ok: true, values: [...new Set(values)] };
}

/** What a batch will make and cost, shown before anything is sent. */
export const batchEstimateSchema = z.object({
  predictions: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
  /** Seconds of model time, all predictions together. */
  predictSeconds: z.number().nonnegative(),
  /** About how long until the last one is done, given the concurrency and the create rate limit. */
  wallSeconds: z.number().nonnegative(),
  /** Estimated cost in US dollars: predict time x the price per second (a setting). */
  costUsd: z.number().nonnegative(),
  pricePerSecondUsd: z.number().nonnegative(),
  /** Where the time per step came from: this library's recent jobs, or a default before there are any. */
  basis: z.enum(['history', 'default']),
  /** Over the confirmation threshold (a setting): the artist must confirm before it is queued. */
  needsConfirmation: z.boolean(),
  /** The sweep axes (more than one value): what the contact sheet lays out. */
  axes: z.array(z.object({ name: z.string(), values: z.array(z.union([z.number(), z.string()])) })),
});
export type BatchEstimate = z.infer<typeof batchEstimateSchema>;

export const BATCH_STATES = ['creating', 'active', 'paused', 'canceled'] as const;
export const batchStateSchema = z.enum(BATCH_STATES);
export type BatchState = z.infer<typeof batchStateSchema>;

/** A batch as the Batches panel lists it: progress and cost are counted from its jobs. */
export const batchSummarySchema = z.object({
  id: jobIdSchema,
  name: z.string(),
  createdAt: z.string(),
  state: batchStateSchema,
  axes: batchEstimateSchema.shape.axes,
  total: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  canceled: z.number().int().nonnegative(),
  unfinished: z.number().int().nonnegative(),
  predictSeconds: z.number().nonnegative(),
  costUsd: z.number().nonnegative(),
});
export type BatchSummary = z.infer<typeof batchSummarySchema>;
