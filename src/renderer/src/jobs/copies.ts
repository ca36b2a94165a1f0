/** How many re-runs one click may queue: enough for a batch, few enough that a typo cannot flood the queue. */
export const COPIES_LIMITS = { min: 1, max: 50 } as const;

export const COPIES_ERROR = `Copies must be a whole number from ${COPIES_LIMITS.min} to ${COPIES_LIMITS.max}`;

/** The "Copies" field as typed: the number to queue, or why it cannot be used. */
export function parseCopies(text: string): { copies: number; error: null } | { copies: null; error: string } {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isInteger(value) || value < COPIES_LIMITS.min || value > COPIES_LIMITS.max) {
    return { copies: null, error: COPIES_ERROR };
  }
  return { copies: value, error: null };
}
