import { z } from 'zod';
import { jobSummarySchema } from './job';
import { HISTORY_PAGE_MAX } from './history-window';

/**
 * What the History shows: a search, filters, an order and a grouping. The renderer describes
 * it; main answers one window of the result at a time, so the page never holds the library.
 */
export const STATUS_FILTERS = ['any', 'succeeded', 'failed', 'canceled', 'active'] as const;
export const statusFilterSchema = z.enum(STATUS_FILTERS);
export type StatusFilter = z.infer<typeof statusFilterSchema>;

export const HISTORY_SORTS = ['newest', 'oldest', 'rating'] as const;
export const historySortSchema = z.enum(HISTORY_SORTS);
export type HistorySort = z.infer<typeof historySortSchema>;

export const HISTORY_GROUPINGS = ['none', 'sketch', 'day'] as const;
export const historyGroupingSchema = z.enum(HISTORY_GROUPINGS);
export type HistoryGrouping = z.infer<typeof historyGroupingSchema>;

/** A calendar day as the artist picked it (`2026-11-24`), in their own time zone. */
const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Not a date');

export const historyViewSchema = z.object({
  /** Words searched in prompt, negative prompt and sketch file name (each word a prefix). */
  text: z.string().max(500).default(''),
  status: statusFilterSchema.default('any'),
  favouritesOnly: z.boolean().default(false),
  fromDay: daySchema.nullable().default(null),
  toDay: daySchema.nullable().default(null),
  /** Only jobs of one sketch (its sketchKey), with the name it is shown by. */
  sketch: z.object({ key: z.string().min(1).max(200), name: z.string().max(1024) }).nullable().default(null),
  modelVersion: z.string().max(300).nullable().default(null),
  sort: historySortSchema.default('newest'),
  group: historyGroupingSchema.default('none'),
});
/** The History's view state, kept by main so it survives a restart. */
export type HistoryView = z.infer<typeof historyViewSchema>;
export const DEFAULT_HISTORY_VIEW: HistoryView = historyViewSchema.parse({});

/**
 * A view as main runs it: the days turned into instants by the renderer, which knows the
 * artist's time zone, and the day grouping in that zone's offset (minutes east of UTC).
 */
export const historyQuerySchema = historyViewSchema.extend({
  fromTime: z.iso.datetime().nullable().default(null),
  toTime: z.iso.datetime().nullable().default(null),
  utcOffsetMinutes: z.number().int().min(-16 * 60).max(16 * 60).default(0),
});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** A calendar day in this machine's time zone, as the instant it starts. */
function startOfDay(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/**
 * The view as main runs it. Days become instants where the artist's time zone is known (the
 * renderer; benchmarks stand in for it), so main never guesses a zone.
 */
export function viewToQuery(view: HistoryView, now = new Date()): HistoryQuery {
  return {
    ...view,
    fromTime: view.fromDay === null ? null : startOfDay(view.fromDay),
    toTime: view.toDay === null ? null : startOfDay(view.toDay, 1),
    utcOffsetMinutes: -now.getTimezoneOffset(),
  };
}

export { HISTORY_PAGE_MAX, HISTORY_PAGE_SIZE } from './history-window';

export const historyPageRequestSchema = z.object({
  query: historyQuerySchema,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(HISTORY_PAGE_MAX),
});

export const historyPageSchema = z.object({
  /** How many jobs match in all; the page holds those from `offset` on. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  jobs: z.array(jobSummarySchema),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

/** One group of the result, in result order: `count` jobs from `start` on share it. */
export const historyGroupSchema = z.object({
  key: z.string(),
  /** "Tuesday 24 November 2026" is worded by the renderer; main gives the day or the sketch's name. */
  label: z.string(),
  start: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  /** For a sketch group: a job whose input shows the sketch. */
  sampleJobId: z.string().nullable(),
});
export type HistoryGroup = z.infer<typeof historyGroupSchema>;

/** What the filters can offer: the model versions present in the library. */
export const historyFacetsSchema = z.object({
  modelVersions: z.array(z.object({ modelVersion: z.string(), count: z.number().int().nonnegative() })),
  total: z.number().int().nonnegative(),
});
export type HistoryFacets = z.infer<typeof historyFacetsSchema>;

/**
 * What the History needs for its first frame, in one answer: the saved view, its first window
 * and (when grouped) its groups. One round trip at start instead of three in a row.
 */
export const historyStartSchema = z.object({
  view: historyViewSchema,
  page: historyPageSchema,
  groups: z.array(historyGroupSchema),
});
