import type { Recipe } from '../../../shared/ipc-contract';
import type { Job } from '../../../shared/job';
import { formatInfotext, recipeFromInfotext } from './a1111-infotext';
import { recipeFromComfyUI } from './comfyui-recipe';
import { fitToRedraw, type RecipeReading } from './fit-params';
import { recipeFromInvokeAI } from './invokeai-recipe';
import { isPng, readPngText, type TextEntry } from './png-chunks';
import { formatRedrawRecipe, parseRedrawRecipe, recipeForJob, REDRAW_RECIPE_KEYWORD } from './redraw-recipe';

type RecipeSource = Recipe['source'];

/** The A1111 `parameters` text, then our own JSON: read in that order by most tools, ours by us. */
const A1111_KEYWORD = 'parameters';

function finish(source: RecipeSource, reading: RecipeReading, earlier: string[] = []): Recipe {
  const fitted = fitToRedraw(reading.params);
  return { source, params: fitted.params, notMapped: [...earlier, ...reading.notMapped, ...fitted.notes] };
}

/**
 * The recipe a PNG carries, trying Redraw's own first (exact), then A1111's infotext, ComfyUI's
 * graph and InvokeAI's metadata. Null for a file that is not a PNG or carries none of them.
 * A damaged PNG throws AppError('invalid-file').
 */
export function readRecipe(pngBytes: Uint8Array): Recipe | null {
  if (!isPng(pngBytes)) return null;
  const texts = readPngText(pngBytes);
  const notes: string[] = [];

  const ours = texts.get(REDRAW_RECIPE_KEYWORD);
  if (ours !== undefined) {
    const parsed = parseRedrawRecipe(ours);
    if (parsed.ok) {
      const { params, seedUsed } = parsed.recipe;
      // The seed the model reported reproduces the image; a random (null) seed would not.
      return finish('redraw', { params: { ...params, seed: seedUsed ?? params.seed }, notMapped: [] });
    }
    notes.push(`Redraw's own recipe in this image could not be read (${parsed.reason})`);
  }

  const parameters = texts.get(A1111_KEYWORD);
  if (parameters !== undefined && parameters.trim() !== '') return finish('a1111', recipeFromInfotext(parameters), notes);

  const comfy = recipeFromComfyUI({ prompt: texts.get('prompt'), workflow: texts.get('workflow') });
  if (comfy !== null) return finish('comfyui', comfy, notes);

  const invoke = texts.get('invokeai_metadata');
  const invokeReading = invoke === undefined ? null : recipeFromInvokeAI(invoke);
  if (invokeReading !== null) return finish('invokeai', invokeReading, notes);
  return null;
}

/** `owner/name` of `owner/name:<version>`; a bare version id as it is. */
function modelName(modelVersion: string): string {
  const colon = modelVersion.indexOf(':');
  return modelVersion.includes('/') && colon > 0 ? modelVersion.slice(0, colon) : modelVersion;
}

/**
 * The text chunks to stamp into a job's outputs: A1111's `parameters` (so other tools show the
 * prompt and settings) and Redraw's exact recipe. Size is the output's own when known (`size`,
 * read from the image being stamped, or the first output with one), else the sketch's.
 */
export function recipeChunks(job: Job, inputSha256: string, size: { width: number; height: number } | null = null): TextEntry[] {
  const sized = size ?? job.outputs.find((o) => o.width !== null && o.height !== null);
  const infotext = formatInfotext({
    prompt: job.params.prompt,
    negativePrompt: job.params.negativePrompt,
    steps: job.params.steps,
    scheduler: job.params.scheduler,
    guidanceScale: job.params.guidanceScale,
    seed: job.seedUsed ?? job.params.seed,
    width: sized?.width ?? job.input.width,
    height: sized?.height ?? job.input.height,
    model: modelName(job.modelVersion),
    promptStrength: job.params.promptStrength,
  });
  return [
    { keyword: A1111_KEYWORD, text: infotext },
    { keyword: REDRAW_RECIPE_KEYWORD, text: formatRedrawRecipe(recipeForJob(job, inputSha256)) },
  ];
}
