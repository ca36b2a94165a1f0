import { z } from 'zod';
import { appErrorSchema } from './app-error';
import { MAX_BATCH_SOURCES, batchEstimateSchema, batchSpecSchema, batchSummarySchema } from './batch-spec';
import {
  historyFacetsSchema,
  historyGroupSchema,
  historyPageRequestSchema,
  historyPageSchema,
  historyQuerySchema,
  historyStartSchema,
  historyViewSchema,
} from './history-query';
import { draftInputSchema, jobIdSchema, jobOriginSchema, jobSchema, jobSummarySchema, outputIndexSchema, queueStateSchema, ratingSchema } from './job';
import { libraryStatusSchema } from './library-status';
import { generationParamsSchema } from './model-input';
import { connectionCheckSchema, connectionTestSchema, settingsUpdateSchema, settingsViewSchema } from './settings';
import { watchStateSchema } from './watch';

/**
 * The whole conversation between the renderer and main, in one place. The preload's
 * allowlist, the renderer's typed client and main's handlers are all derived from it,
 * and main parses every message against it before acting.
 */
const none = z.undefined();
const jobRef = z.object({ jobId: jobIdSchema });
const batchRef = z.object({ batchId: jobIdSchema });
/** The estimated cost the artist accepted (US dollars), or null when they were not asked. */
const confirmedCost = z.number().nonnegative().finite().nullable();
const sketchesRequest = z.object({ inputIds: z.array(jobIdSchema).min(1).max(MAX_BATCH_SOURCES), params: generationParamsSchema });
const outputRef = z.object({ jobId: jobIdSchema, outputIndex: outputIndexSchema });
/** One of a job's images: an output by index, or (null) its input sketch. */
const imageRef = z.object({ jobId: jobIdSchema, outputIndex: outputIndexSchema.nullable() });

/** A job an export left out, and why (its files could not be read, or it is gone). */
export const skippedJobSchema = z.object({ jobId: jobIdSchema, why: z.string() });
export type SkippedJob = z.infer<typeof skippedJobSchema>;

const exportResultSchema = z.object({
  /** The export's folder; null when the artist canceled the folder dialog (nothing written). */
  savedTo: z.string().nullable(),
  jobs: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  skipped: z.array(skippedJobSchema),
});
export type ExportResult = z.infer<typeof exportResultSchema>;

/** The parameters a dropped image carries, and which tool wrote them. */
const recipeSchema = z.object({
  source: z.enum(['redraw', 'a1111', 'comfyui', 'invokeai']),
  /** Only what the image says, each value already within Redraw's ranges. */
  params: generationParamsSchema.partial(),
  /** What could not be carried over, or was changed to fit, in words for the artist. */
  notMapped: z.array(z.string()),
});
export type Recipe = z.infer<typeof recipeSchema>;

export const jobLineageSchema = z.object({
  /** Where the job's input came from, and that job if it still exists. */
  madeFrom: z.object({ origin: jobOriginSchema, job: jobSummarySchema.nullable() }).nullable(),
  /** Jobs made from this one (its outputs, its sketch, re-runs), newest first, and how many in all. */
  usedBy: z.object({ total: z.number().int().nonnegative(), jobs: z.array(jobSummarySchema) }),
});
export type JobLineage = z.infer<typeof jobLineageSchema>;

export const MAX_INPUT_BYTES = 50 * 1024 * 1024;
/**
 * Sketch files the file dialog offers (main decides by content, not by these). HEIC is offered
 * so an iPhone photo is refused with how to convert it, instead of being greyed out unexplained.
 */
export const INPUT_FILE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'tif', 'tiff', 'heic', 'heif'] as const;
/** Types a dropped sketch may say it is (an empty type passes too: the OS does not always know one). */
export const INPUT_MIME_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'image/pjpeg', 'image/webp', 'image/tiff', 'image/heic', 'image/heif'] as const;

export const invokeContract = {
  'app:info': {
    input: none,
    output: z.object({ version: z.string(), mediaBaseUrl: z.string(), dataDir: z.string() }),
  },
  'settings:get': { input: none, output: settingsViewSchema },
  'settings:save': { input: settingsUpdateSchema, output: settingsViewSchema },
  'settings:clear-token': { input: none, output: settingsViewSchema },
  'settings:test-connection': { input: connectionTestSchema, output: connectionCheckSchema },
  /** Bytes of a dropped or pasted file (the renderer never learns paths). */
  'input:import': {
    input: z.object({
      name: z.string().max(1024),
      bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_INPUT_BYTES + 1, 'File is too large'),
    }),
    output: draftInputSchema,
  },
  /** Opens the OS file dialog in main; null when the artist cancels it. */
  /** The OS dialog (in main): one sketch or several, each staged; files that could not be used are named. */
  'input:pick': { input: none, output: z.object({ drafts: z.array(draftInputSchema), notUsed: z.array(z.string()) }) },
  'input:from-output': { input: outputRef, output: draftInputSchema },
  'input:from-job': { input: jobRef, output: draftInputSchema },
  'jobs:create': {
    input: z.object({ inputId: jobIdSchema, params: generationParamsSchema }),
    output: jobSummarySchema,
  },
  /** One window of the History: the renderer never holds the whole library. */
  'history:page': { input: historyPageRequestSchema, output: historyPageSchema },
  /** The groups of a grouped History, with where each starts in the result. */
  'history:groups': { input: z.object({ query: historyQuerySchema }), output: z.array(historyGroupSchema) },
  'history:facets': { input: none, output: historyFacetsSchema },
  /** The ids of a stretch of the result (a Shift-click range, "Select all"): ids only, so thousands stay small. */
  'history:ids': {
    input: z.object({ query: historyQuerySchema, offset: z.number().int().min(0), limit: z.number().int().min(1).max(MAX_BATCH_SOURCES) }),
    output: z.object({ total: z.number().int().nonnegative(), ids: z.array(jobIdSchema) }),
  },
  /**
   * The History at start: its search, filters, order and grouping (kept by main across
   * restarts), with the first window and groups of that view.
   */
  'history:start': { input: z.object({ limit: historyPageRequestSchema.shape.limit }), output: historyStartSchema },
  'history:save-view': { input: historyViewSchema, output: historyViewSchema },
  'library:status': { input: none, output: libraryStatusSchema },
  /** Model time and its estimated cost since the starts of today and of this month (instants in the artist's zone). */
  'costs:totals': {
    input: z.object({ dayStart: z.iso.datetime(), monthStart: z.iso.datetime() }),
    output: z.object({
      today: z.object({ predictSeconds: z.number().nonnegative(), costUsd: z.number().nonnegative(), jobs: z.number().int().nonnegative() }),
      month: z.object({ predictSeconds: z.number().nonnegative(), costUsd: z.number().nonnegative(), jobs: z.number().int().nonnegative() }),
      pricePerSecondUsd: z.number().nonnegative(),
    }),
  },
  'jobs:get': { input: jobRef, output: jobSchema },
  /** Summaries of given jobs (a queue entry or a linked job the page has not loaded). */
  'jobs:summaries': { input: z.object({ jobIds: z.array(jobIdSchema).max(500) }), output: z.array(jobSummarySchema) },
  /** Every unfinished job: what the queue shows at start. */
  'jobs:active': { input: none, output: z.array(jobSummarySchema) },
  'jobs:lineage': { input: jobRef, output: jobLineageSchema },
  /** Favourite and rating: the artist's own marks on a job. */
  'jobs:set-marks': {
    input: z.object({ jobId: jobIdSchema, favourite: z.boolean().optional(), rating: ratingSchema.optional() }),
    output: jobSummarySchema,
  },
  'jobs:cancel': { input: jobRef, output: jobSummarySchema },
  /** Same parameters and input, `copies` times, each with a new random seed or the seed the job used. */
  'jobs:rerun': {
    input: z.object({ jobId: jobIdSchema, copies: z.number().int().min(1).max(50).default(1), seed: z.enum(['same', 'new']).default('new') }),
    output: z.array(jobSummarySchema),
  },
  'jobs:delete': { input: jobRef, output: z.object({ deleted: z.literal(true) }) },
  /** Puts a failed, canceled, aborted or expired job back in the queue with the same parameters. */
  'jobs:retry': { input: jobRef, output: jobSummarySchema },
  'jobs:cancel-all': { input: none, output: z.object({ canceled: z.number().int().nonnegative() }) },
  /** Puts every failed, aborted or expired job back in the queue, oldest first. */
  'jobs:retry-failed': { input: none, output: z.object({ queued: z.number().int().nonnegative() }) },
  /** Moves a waiting job one place up, or to the front with `toTop`. */
  'jobs:move-up': { input: z.object({ jobId: jobIdSchema, toTop: z.boolean() }), output: queueStateSchema },
  'queue:get': { input: none, output: queueStateSchema },
  /** What a batch re-run would make and cost: nothing is created. */
  'batches:estimate': { input: batchSpecSchema, output: batchEstimateSchema },
  /**
   * Creates a whole batch in one transaction and queues it. Over the cost threshold, the estimate
   * the artist accepted goes along and must cover main's own (a changed spec needs a new yes).
   */
  'batches:create': { input: z.object({ spec: batchSpecSchema, confirmedCostUsd: confirmedCost }), output: batchSummarySchema },
  /** Several sketches dropped at once: one job each with the same parameters, estimated first, then made as one batch. */
  'batches:estimate-sketches': { input: sketchesRequest, output: batchEstimateSchema },
  'batches:from-sketches': { input: sketchesRequest.extend({ confirmedCostUsd: confirmedCost }), output: batchSummarySchema },
  'batches:list': { input: none, output: z.array(batchSummarySchema) },
  /** One batch (an older one than the list holds, linked from a job's details). */
  'batches:get': { input: batchRef, output: batchSummarySchema },
  /** A batch's jobs in the order they were made (what its contact sheet lays out). */
  'batches:jobs': { input: batchRef, output: z.array(jobSummarySchema) },
  'batches:pause': { input: batchRef, output: batchSummarySchema },
  'batches:resume': { input: batchRef, output: batchSummarySchema },
  'batches:cancel': { input: batchRef, output: batchSummarySchema },
  'batches:retry-failed': { input: batchRef, output: batchSummarySchema },
  /** The batch's contact sheet as one PNG, where the artist chooses (null: they canceled). */
  'batches:export-sheet': { input: batchRef, output: z.object({ savedTo: z.string().nullable() }) },
  'outputs:save-as': { input: outputRef, output: z.object({ savedTo: z.string().nullable() }) },
  'outputs:show-in-folder': { input: outputRef, output: z.object({ shown: z.boolean() }) },
  /**
   * Jobs' sketches and outputs (the stored bytes) and one manifest (JSON and CSV), into a new
   * `redraw-export-<time>` folder inside the folder the artist picks (null: they canceled). Jobs
   * whose files cannot be read are skipped, with why.
   */
  'jobs:export': { input: z.object({ jobIds: z.array(jobIdSchema).min(1).max(MAX_BATCH_SOURCES) }), output: exportResultSchema },
  /** Shows a folder an export made in this session (main refuses any other path). */
  'jobs:show-export': { input: z.object({ savedTo: z.string().min(1).max(4096) }), output: z.object({ shown: z.literal(true) }) },
  /** The page's dragstart on an output: main starts the OS drag of the file into another app. */
  'outputs:start-drag': { input: outputRef, output: z.object({ started: z.literal(true) }) },
  /**
   * The recipe an image carries (Redraw's own, AUTOMATIC1111's `parameters`, ComfyUI's graph or
   * InvokeAI's metadata), fitted to Redraw's parameters, with what could not be carried over;
   * null when it carries none.
   */
  'recipes:read': {
    input: z.object({ name: z.string().max(1024), bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_INPUT_BYTES, 'File is too large') }),
    output: recipeSchema.nullable(),
  },
  /** Puts one of a job's images on the clipboard (done in main: the page has no clipboard permission). */
  'images:copy': { input: imageRef, output: z.object({ copied: z.literal(true) }) },
  /**
   * Watching a sketch file: the OS dialog (in main) picks it, and each save that changes its
   * pixels queues a run with `params`, or with the recipe of History job `recipeJobId`. The file
   * as it is now is revision 1. Null: the artist canceled the dialog.
   */
  'watch:start': {
    input: z.object({ params: generationParamsSchema, recipeJobId: jobIdSchema.optional() }),
    output: watchStateSchema.nullable(),
  },
  'watch:list': { input: none, output: z.array(watchStateSchema) },
  /** "Use current parameters": later revisions run with these. */
  'watch:update-params': { input: z.object({ watchId: jobIdSchema, params: generationParamsSchema }), output: watchStateSchema },
  'watch:stop': { input: z.object({ watchId: jobIdSchema }), output: z.object({ stopped: z.literal(true) }) },
  /** Looks at the file's path again: watching goes on if it is there (a change meanwhile is a revision). */
  'watch:resume': { input: z.object({ watchId: jobIdSchema }), output: watchStateSchema },
  /** The jobs a watch made, oldest revision first (the newest 200 at most). */
  'watch:revisions': { input: z.object({ watchId: jobIdSchema }), output: z.array(jobSummarySchema) },
} as const;

export const eventContract = {
  'job:updated': jobSummarySchema,
  'job:deleted': jobRef,
  'queue:changed': queueStateSchema,
  /** Jobs were added or removed, or something the History filters or sorts on changed: its windows may be stale. */
  'history:changed': z.object({ jobIds: z.array(jobIdSchema).max(100) }),
  /** What the service said of the stored token changed (a job's call was refused, a test passed). */
  'settings:changed': settingsViewSchema,
  /** A watched file's state changed (a revision, a check, a pause): every watch, as they are now. */
  'watch:changed': z.object({ watches: z.array(watchStateSchema) }),
} as const;

export type InvokeContract = typeof invokeContract;
export type EventContract = typeof eventContract;
export type Channel = keyof InvokeContract;
export type EventName = keyof EventContract;
export type ChannelInput<C extends Channel> = z.input<InvokeContract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<InvokeContract[C]['output']>;
export type EventPayload<E extends EventName> = z.output<EventContract[E]>;

export const CHANNELS = Object.keys(invokeContract) as Channel[];
export const EVENTS = Object.keys(eventContract) as EventName[];

/** Errors cross IPC as data: Electron would otherwise strip an Error down to its message. */
export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * What the preload puts on `window.redraw`: one function per channel and a subscribe
 * function for events. Nothing else from Electron reaches the page.
 */
export type RedrawBridge = {
  invoke: <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<Envelope>;
  on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};
