/**
 * Log lines shaped like the real model's: "Using seed: N", then tqdm progress bars such as
 * ` 40%|████      | 10/25 [00:01<00:01,  9.80it/s]`. The app parses these for its progress
 * bar, so the format follows tqdm's default `{l_bar}{bar}| {n}/{total} [{elapsed}<{remaining}, {rate}]`.
 */

/** At most this many progress lines per prediction (plus the seed line): keeps logs and SSE small. */
const MAX_PROGRESS_LINES = 40;
const BAR_WIDTH = 10;
// tqdm's unicode bar: a full block plus eighths for the partial cell.
const PARTIALS = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export type ScheduledLine = { atMs: number; line: string };

export function seedLine(seed: number): string {
  return `Using seed: ${seed}`;
}

function clock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function bar(fraction: number): string {
  const cells = fraction * BAR_WIDTH;
  const full = Math.floor(cells);
  if (full >= BAR_WIDTH) return '█'.repeat(BAR_WIDTH);
  const partial = PARTIALS[Math.floor((cells - full) * 8)] ?? ' ';
  return ('█'.repeat(full) + partial).padEnd(BAR_WIDTH, ' ');
}

function rateText(stepsPerSecond: number): string {
  // tqdm flips to s/it when an iteration takes longer than a second.
  if (stepsPerSecond >= 1) return `${stepsPerSecond.toFixed(2)}it/s`;
  return `${(1 / stepsPerSecond).toFixed(2)}s/it`;
}

/** One tqdm line for step `n` of `total`, `elapsedS` seconds in. */
export function tqdmLine(n: number, total: number, elapsedS: number): string {
  const fraction = total > 0 ? n / total : 1;
  const percent = String(Math.round(fraction * 100)).padStart(3, ' ');
  if (n === 0 || elapsedS <= 0) return `${percent}%|${bar(fraction)}| ${n}/${total} [00:00<?, ?it/s]`;
  const rate = n / elapsedS;
  const remaining = (total - n) / rate;
  return `${percent}%|${bar(fraction)}| ${n}/${total} [${clock(elapsedS)}<${clock(remaining)}, ${rateText(rate)}]`;
}

/**
 * Progress lines for `steps` denoising steps spread evenly over `durationMs`. Steps advance
 * coarsely when there are more steps than MAX_PROGRESS_LINES, as tqdm's own miniters would.
 */
export function progressSchedule(steps: number, durationMs: number): ScheduledLine[] {
  const ticks = Math.max(1, Math.min(steps, MAX_PROGRESS_LINES));
  const lines: ScheduledLine[] = [];
  for (let t = 0; t <= ticks; t++) {
    const n = Math.round((t * steps) / ticks);
    const atMs = (t / ticks) * durationMs;
    lines.push({ atMs, line: tqdmLine(n, steps, atMs / 1000) });
  }
  return lines;
}
