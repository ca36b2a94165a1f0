import { generationParamsSchema, PARAM_LIMITS, type GenerationParams, type Scheduler } from '../../../shared/model-input';

/**
 * Values as another tool recorded them, before they are checked against Redraw's ranges: a
 * recipe from a tool with wider ranges (CFG 30, 150 steps, 64-bit seeds) is still worth reading.
 */
export type RawParams = {
  prompt?: string;
  negativePrompt?: string;
  scheduler?: Scheduler;
  numOutputs?: number;
  guidanceScale?: number;
  promptStrength?: number;
  steps?: number;
  seed?: number | null;
};

/** What one reader found: raw values, and what it could not carry over (in the artist's words). */
export type RecipeReading = { params: RawParams; notMapped: string[] };

const MAX_PROMPT = 10_000;

const RANGED = {
  numOutputs: { label: 'Number of outputs', integer: true, ...PARAM_LIMITS.numOutputs },
  guidanceScale: { label: 'Guidance scale', integer: false, ...PARAM_LIMITS.guidanceScale },
  promptStrength: { label: 'Prompt strength', integer: false, ...PARAM_LIMITS.promptStrength },
  steps: { label: 'Steps', integer: true, ...PARAM_LIMITS.steps },
} as const;

type RangedName = keyof typeof RANGED;

function fitRanged(name: RangedName, value: number, notes: string[]): number | undefined {
  const { label, integer, min, max } = RANGED[name];
  if (!Number.isFinite(value)) {
    notes.push(`${label} ${value} is not a number Redraw can use: not set`);
    return undefined;
  }
  let fitted = integer ? Math.round(value) : value;
  if (fitted < min) fitted = min;
  if (fitted > max) fitted = max;
  if (fitted !== value) {
    const why = value < min ? `below Redraw's minimum (${min})` : value > max ? `above Redraw's maximum (${max})` : 'not a whole number';
    notes.push(`${label} ${value} is ${why}: set to ${fitted}`);
  }
  return fitted;
}

/**
 * Checks each value with the same schema a job is created with. Ranged numbers are clamped (a
 * CFG of 30 becomes 20, the nearest the model accepts); a seed out of range is dropped, as a
 * clamped seed would be a different, arbitrary image; prompts too long are cut.
 */
export function fitToRedraw(raw: RawParams): { params: Partial<GenerationParams>; notes: string[] } {
  const params: Partial<GenerationParams> = {};
  const notes: string[] = [];
  for (const key of ['prompt', 'negativePrompt'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    const label = key === 'prompt' ? 'Prompt' : 'Negative prompt';
    if (value.length > MAX_PROMPT) notes.push(`${label} was cut to ${MAX_PROMPT.toLocaleString('en-US')} characters (it had ${value.length.toLocaleString('en-US')})`);
    params[key] = generationParamsSchema.shape[key].parse(value.slice(0, MAX_PROMPT));
  }
  if (raw.scheduler !== undefined) params.scheduler = generationParamsSchema.shape.scheduler.parse(raw.scheduler);
  for (const key of Object.keys(RANGED) as RangedName[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const fitted = fitRanged(key, value, notes);
    if (fitted === undefined) continue;
    const checked = generationParamsSchema.shape[key].safeParse(fitted);
    if (checked.success) params[key] = checked.data;
  }
  if (raw.seed !== undefined) {
    const checked = generationParamsSchema.shape.seed.safeParse(raw.seed);
    if (checked.success) params.seed = checked.data;
    else notes.push(`Seed ${raw.seed} is outside Redraw's range (${PARAM_LIMITS.seed.min}–${PARAM_LIMITS.seed.max}): not set`);
  }
  return { params, notes };
}
