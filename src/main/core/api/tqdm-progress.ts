import type { Progress } from '../../../shared/job';

// e.g. " 40%|████      | 10/25 [00:01<00:01,  9.80it/s]"
const TQDM_LINE = /(\d{1,3})%\|[^|\n]*\|\s*(\d+)\/(\d+)\s*\[([\d:]+)<([\d:]+|\?)/g;

function clockToSeconds(clock: string): number | null {
  if (clock === '?') return null;
  const parts = clock.split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return null;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** The last tqdm progress line in the logs, as percent, step counts and ETA; null when there is none. */
export function progressFromLogs(logs: string): Progress | null {
  let last: RegExpExecArray | null = null;
  for (const match of logs.matchAll(TQDM_LINE)) last = match;
  if (!last) return null;
  const [, percentText = '0', currentText = '0', totalText = '0', , etaText = '?'] = last;
  const total = Number(totalText);
  if (total <= 0) return null;
  const current = Math.min(Number(currentText), total);
  return {
    percent: Math.min(100, Number(percentText)),
    current,
    total,
    etaSeconds: clockToSeconds(etaText),
  };
}

/** The model prints "Using seed: N" before it starts. */
export function seedFromLogs(logs: string): number | null {
  const match = /Using seed:\s*(\d+)/.exec(logs);
  return match?.[1] ? Number(match[1]) : null;
}
