import { createHash } from 'node:crypto';
import type { Job, JobOutput } from '../../../shared/job';
import { isPng, withTextChunks } from '../recipes/png-chunks';
import { recipeChunks } from '../recipes/read-recipe';
import type { RunContext } from './run-context';

/**
 * The largest output rewritten with its recipe. Stable Diffusion's PNGs are a few MB; one far
 * larger is kept exactly as downloaded rather than held in memory twice to be stamped.
 */
const MAX_STAMPED_BYTES = 32 * 1024 * 1024;

/**
 * Writes each PNG output's recipe into the file itself, as text chunks: AUTOMATIC1111's
 * `parameters` (so other tools show the prompt and settings) and Redraw's own `redraw:recipe`
 * (model version, prediction id, input hash). The image data chunks stay byte for byte as
 * downloaded; no pristine copy is kept (it would double the library for the same pixels).
 * Each file is replaced atomically, and a file that cannot be stamped (not a PNG, too large,
 * unreadable) is kept as it is: a recipe is worth less than the image the artist paid for.
 */
export async function stampRecipes(ctx: RunContext, job: Job, outputs: JobOutput[]): Promise<JobOutput[]> {
  let inputSha256: string;
  try {
    inputSha256 = createHash('sha256').update(await ctx.files.readJobFile(job.id, job.input.file)).digest('hex');
  } catch {
    return outputs;
  }
  const stamped: JobOutput[] = [];
  for (const output of outputs) {
    stamped.push(await stampOne(ctx, job, output, inputSha256).catch(() => output));
  }
  return stamped;
}

async function stampOne(ctx: RunContext, job: Job, output: JobOutput, inputSha256: string): Promise<JobOutput> {
  if (!output.file.endsWith('.png') || output.bytes > MAX_STAMPED_BYTES) return output;
  const bytes = await ctx.files.readJobFile(job.id, output.file);
  if (!isPng(bytes)) return output;
  // The recipe names this output's own size.
  const png = withTextChunks(bytes, recipeChunks({ ...job, outputs: [output] }, inputSha256));
  await ctx.files.writeJobFile(job.id, output.file, png);
  return { ...output, bytes: png.byteLength };
}
