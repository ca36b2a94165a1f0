import { z } from 'zod';
import {
  generationParamsSchema,
  type GenerationParams,
  type ParamName,
} from '../../../shared/model-input';

/**
 * The parameter form as typed: every value is the raw text of its control, so a half-typed
 * or empty number stays on screen (and in the saved draft) instead of snapping to a default.
 */
export type ParamFields = Record<ParamName, string>;
export type ParamErrors = Partial<Record<ParamName, string>>;

export const PARAM_NAMES: readonly ParamName[] = [
  'prompt',
  'negativePrompt',
  'scheduler',
  'numOutputs',
  'guidanceScale',
  'promptStrength',
  'steps',
  'seed',
];

/** The visible labels; tests and screen readers find the controls by these. */
export const PARAM_LABELS: Record<ParamName, string> = {
  prompt: 'Prompt',
  negativePrompt: 'Negative prompt',
  scheduler: 'Scheduler',
  numOutputs: 'Number of outputs',
  guidanceScale: 'Guidance scale',
  promptStrength: 'Prompt strength',
  steps: 'Steps',
  seed: 'Seed',
};

export const paramFieldsSchema = z.object({
  prompt: z.string(),
  negativePrompt: z.string(),
  scheduler: z.string(),
  numOutputs: z.string(),
  guidanceScale: z.string(),
  promptStrength: z.string(),
  steps: z.string(),
  seed: z.string(),
});

export function isParamName(value: unknown): value is ParamName {
  return typeof value === 'string' && (PARAM_NAMES as readonly string[]).includes(value);
}

export function fieldsFromParams(params: GenerationParams): ParamFields {
  return {
    prompt: params.prompt,
    negativePrompt: params.negativePrompt,
    scheduler: params.scheduler,
    numOutputs: String(params.numOutputs),
    guidanceScale: String(params.guidanceScale),
    promptStrength: String(params.promptStrength),
    steps: String(params.steps),
    seed: params.seed === null ? '' : String(params.seed),
  };
}

type NumberName = 'numOutputs' | 'guidanceScale' | 'promptStrength' | 'steps';

function readNumber(name: NumberName, raw: string, errors: ParamErrors): number {
  const text = raw.trim();
  if (text === '') {
    errors[name] = `${PARAM_LABELS[name]} is required`;
    return Number.NaN;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) errors[name] = `${PARAM_LABELS[name]} must be a number`;
  return value;
}

export type ParamCheck = { params: GenerationParams | null; errors: ParamErrors };

/**
 * Turns the typed form into GenerationParams with the shared schema, so the form refuses
 * exactly what main (and the model) would refuse. Errors are keyed by control.
 */
export function checkParamFields(fields: ParamFields): ParamCheck {
  const errors: ParamErrors = {};
  const seedText = fields.seed.trim();
  let seed: number | null = null;
  if (seedText !== '') {
    seed = Number(seedText);
    if (!Number.isFinite(seed)) errors.seed = 'Seed must be a number (or blank for random)';
  }
  const candidate = {
    prompt: fields.prompt,
    negativePrompt: fields.negativePrompt,
    scheduler: fields.scheduler,
    numOutputs: readNumber('numOutputs', fields.numOutputs, errors),
    guidanceScale: readNumber('guidanceScale', fields.guidanceScale, errors),
    promptStrength: readNumber('promptStrength', fields.promptStrength, errors),
    steps: readNumber('steps', fields.steps, errors),
    seed,
  };
  const parsed = generationParamsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      // The first message per field is the one that says what to do; a NaN already has its own.
      if (isParamName(name) && errors[name] === undefined) {
        errors[name] = name === 'scheduler' ? 'Choose one of the listed schedulers' : issue.message;
      }
    }
  }
  const valid = parsed.success && Object.keys(errors).length === 0;
  return { params: valid ? parsed.data : null, errors };
}
