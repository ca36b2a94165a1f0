import type { BatchSpec, TextChange } from '../../../shared/batch-spec';
import type { Scheduler } from '../../../shared/model-input';

/** How a prompt is changed, as the dialog's menu offers it. */
export type TextMode = TextChange['mode'];
export const TEXT_MODE_WORDS: Record<TextMode, string> = {
  keep: 'Keep each job’s',
  replace: 'Replace',
  append: 'Append',
  'find-replace': 'Find and replace',
  variants: 'Variants (one per line)',
};

export type TextForm = { mode: TextMode; text: string; find: string; replace: string; variants: string };

/** The Batch re-run dialog's fields, as typed. An empty number field keeps each job's own value. */
export type BatchForm = {
  prompt: TextForm;
  negativePrompt: TextForm;
  schedulers: Scheduler[];
  promptStrength: string;
  guidanceScale: string;
  steps: string;
  numOutputs: string;
  seedMode: 'keep' | 'random' | 'values';
  seed: string;
  inputMode: 'own' | 'one';
  modelMode: 'settings' | 'keep' | 'set';
  modelVersion: string;
  name: string;
};

const keepText: TextForm = { mode: 'keep', text: '', find: '', replace: '', variants: '' };

export const EMPTY_BATCH_FORM: BatchForm = {
  prompt: keepText,
  negativePrompt: keepText,
  schedulers: [],
  promptStrength: '',
  guidanceScale: '',
  steps: '',
  numOutputs: '',
  seedMode: 'keep',
  seed: '',
  inputMode: 'own',
  modelMode: 'settings',
  modelVersion: '',
  name: '',
};

function textChange(form: TextForm): TextChange {
  switch (form.mode) {
    case 'keep':
      return { mode: 'keep' };
    case 'replace':
      return { mode: 'replace', text: form.text };
    case 'append':
      return { mode: 'append', text: form.text };
    case 'find-replace':
      return { mode: 'find-replace', find: form.find, replace: form.replace };
    case 'variants':
      return { mode: 'variants', texts: form.variants.split('\n').map((line) => line.trim()).filter((line) => line !== '') };
  }
}

const numberChange = (text: string): BatchSpec['steps'] => (text.trim() === '' ? { mode: 'keep' } : { mode: 'values', text });

/**
 * The spec main expands, from what the dialog holds: the renderer only describes the batch;
 * main checks every value (and says which field is wrong) when it estimates or creates it.
 */
export function formToSpec(form: BatchForm, jobIds: readonly string[], stagedInputId: string | null): BatchSpec {
  return {
    jobIds: [...jobIds],
    prompt: textChange(form.prompt),
    negativePrompt: textChange(form.negativePrompt),
    scheduler: form.schedulers.length === 0 ? { mode: 'keep' } : { mode: 'values', values: form.schedulers },
    promptStrength: numberChange(form.promptStrength),
    guidanceScale: numberChange(form.guidanceScale),
    steps: numberChange(form.steps),
    numOutputs: numberChange(form.numOutputs),
    seed: form.seedMode === 'values' ? { mode: 'values', text: form.seed } : { mode: form.seedMode },
    modelVersion: form.modelMode === 'set' ? { mode: 'set', value: form.modelVersion } : { mode: form.modelMode },
    input: form.inputMode === 'one' && stagedInputId !== null ? { mode: 'one', inputId: stagedInputId } : { mode: 'own' },
    name: form.name,
  };
}
