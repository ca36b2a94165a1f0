/**
 * How many jobs the History asks main for at a time. Apart from the schemas (no zod) so the
 * page's first module can ask for the first window before anything else has been evaluated.
 */

/** Jobs per window the History asks main for, around what is on screen. */
export const HISTORY_PAGE_SIZE = 60;

/** The most one window may hold. */
export const HISTORY_PAGE_MAX = 500;
