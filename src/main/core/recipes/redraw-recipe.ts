import { z } from 'zod';
import { jobIdSchema, type Job } from '../../../shared/job';
import { generationParamsSchema } from '../../../shared/model-input';

/**
 * Redraw's own recipe, stored as JSON in an iTXt chunk: everything needed to re-run a result
 * exactly (the seed the model reported, the model version) and to find its sketch again (the
 * sketch's SHA-256). Never the token: only the API host is kept, to tell a reseller's results
 * from Replicate's.
 */
export const REDRAW_RECIPE_KEYWORD = 'redraw:recipe';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Not a SHA-256 hex digest');

export const redrawRecipeSchema = z.object({
  version: z.literal(1),
  jobId: jobIdSchema,
  createdAt: z.string().max(64),
  modelVersion: z.string().max(300),
  predictionId: z.string().max(200).nullable(),
  /** `api.replicate.com`; null when the job's API base URL could not be read as a URL. */
  apiHost: z.string().max(255).nullable(),
  /** As the artist set them (the scheduler is among them); `seed` null means a random seed. */
  params: generationParamsSchema,
  /** The seed the model actually used, from its logs. */
  seedUsed: z.number().int().nullable(),
  input: z.object({ sha256: sha256Schema, name: z.string().max(1000) }),
});
export type RedrawRecipe = z.infer<typeof redrawRecipeSchema>;

/** Only the host (and port): a URL's user, password, path and query never reach an image. */
function apiHostOf(apiBaseUrl: string): string | null {
  try {
    const host = new URL(apiBaseUrl).host;
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

export function recipeForJob(job: Job, inputSha256: string): RedrawRecipe {
  return redrawRecipeSchema.parse({
    version: 1,
    jobId: job.id,
    createdAt: job.timings.createdAt,
    modelVersion: job.modelVersion,
    predictionId: job.predictionId,
    apiHost: apiHostOf(job.apiBaseUrl),
    params: job.params,
    seedUsed: job.seedUsed,
    input: { sha256: inputSha256, name: job.input.sourceName },
  });
}

export function formatRedrawRecipe(recipe: RedrawRecipe): string {
  return JSON.stringify(redrawRecipeSchema.parse(recipe));
}

type RedrawRecipeParse = { ok: true; recipe: RedrawRecipe } | { ok: false; reason: string };

/** Parses the chunk's text; a recipe of another version, or damaged, says why instead. */
export function parseRedrawRecipe(text: string): RedrawRecipeParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  const parsed = redrawRecipeSchema.safeParse(json);
  if (parsed.success) return { ok: true, recipe: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, reason: `${issue?.message ?? 'it does not match'}${where}` };
}
