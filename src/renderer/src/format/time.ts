// One formatter each: building an Intl formatter per gallery item is measurably slow with thousands of jobs.
const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const fullDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export type DateStyle = 'compact' | 'medium' | 'full';

/** `compact` fits a gallery card ("Nov 24, 6:51 AM"); `full` has seconds for the detail view. */
export function formatDateTime(iso: string | null, style: DateStyle = 'medium'): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const formatter = style === 'compact' ? shortDateTime : style === 'full' ? fullDateTime : dateTime;
  return formatter.format(date);
}

/** "12 s", "3 min 5 s": short enough for a status line. */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** Durations measured by the service keep one decimal (predict time is often under a second or two). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  return seconds < 60 ? `${seconds.toFixed(1)} s` : formatSeconds(seconds);
}

/** "40 s", "3 min", "1 h 20 min": a whole queue's estimate is rough, so past a minute it counts whole minutes. */
export function formatRoughSeconds(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.round(whole / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
