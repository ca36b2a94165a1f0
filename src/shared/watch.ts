import { z } from 'zod';
import { jobIdSchema } from './job';
import { generationParamsSchema } from './model-input';

/**
 * A sketch file Redraw watches: each save that changes its pixels queues a run with the watch's
 * recipe. What main tells the page of it (never the file's path, only its name).
 */
export const watchStateSchema = z.object({
  id: jobIdSchema,
  fileName: z.string().max(1024),
  /** `paused`: the file was moved or deleted (or cannot be watched); nothing runs until Resume. */
  state: z.enum(['watching', 'paused']),
  /** Why it is paused, or what went wrong with the last save (a file that could not be read). */
  message: z.string().max(2_000).nullable(),
  /** The parameters each revision runs with. */
  params: generationParamsSchema,
  /** The History job whose recipe these are; null: the Compose panel's parameters when they were sent. */
  recipeJobId: jobIdSchema.nullable(),
  /** Revisions queued so far (the next is one more). */
  revisions: z.number().int().nonnegative(),
  /** When the last revision was found (a save that changed the pixels). */
  lastChangeAt: z.iso.datetime().nullable(),
  /** When the file was last read, changed or not. */
  lastCheckedAt: z.iso.datetime().nullable(),
  /** The job of the newest revision. */
  lastJobId: jobIdSchema.nullable(),
  startedAt: z.iso.datetime(),
});
export type WatchState = z.infer<typeof watchStateSchema>;
