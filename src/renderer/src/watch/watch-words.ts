import type { WatchState } from '../../../shared/watch';
import { formatDateTime } from '../format/time';

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });

/** "1 revision", "4 revisions". */
export function revisionCount(count: number): string {
  return count === 1 ? '1 revision' : `${count} revisions`;
}

/** A save today reads as its time to the second (the artist just saved); an older one with its day. */
export function changeTime(iso: string | null, now: Date = new Date()): string {
  if (iso === null) return 'no change yet';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toDateString() === now.toDateString() ? timeOfDay.format(at) : formatDateTime(iso, 'compact');
}

/** What each revision runs with, in a line: the recipe's origin and its prompt. */
export function recipeText(watch: Pick<WatchState, 'params' | 'recipeJobId'>): string {
  const prompt = watch.params.prompt.trim() === '' ? 'no prompt' : `“${watch.params.prompt.trim()}”`;
  const seed = watch.params.seed === null ? 'random seed' : `seed ${watch.params.seed}`;
  return `${watch.recipeJobId === null ? 'Parameters' : 'A History job’s recipe'}: ${prompt}, strength ${watch.params.promptStrength}, ${seed}`;
}
