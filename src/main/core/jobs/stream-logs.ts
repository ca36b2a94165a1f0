import type { Progress } from '../../../shared/job';
import { progressFromLogs, seedFromLogs } from '../api/tqdm-progress';
import { appendToLog, MAX_LOG_CHARS } from './log-tail';

export type LogState = { logs: string; progress: Progress | null; seedUsed: number | null };

/**
 * The job's log as stream lines arrive, kept incrementally: each new line is read once for
 * progress and the seed, and the kept tail is rebuilt only when asked for, so a model printing
 * 10,000 lines costs 10,000 small steps, not 10,000 re-reads of the whole log.
 * A reconnected stream may replay lines from the start; those matching what we hold, in
 * order, are skipped.
 */
export function createStreamLog(known: LogState) {
  const knownLines = known.logs === '' ? [] : known.logs.replace(/\n$/, '').split('\n');
  let replayIndex = 0;
  let kept = known.logs;
  let pending: string[] = [];
  let pendingChars = 0;
  let progress = known.progress;
  let seedUsed = known.seedUsed;
  let changed = false;

  const compact = (): void => {
    if (pending.length === 0) return;
    const joined = pending.join('');
    kept = appendToLog(kept, joined);
    pending = [];
    pendingChars = 0;
  };

  return {
    /** Adds one line (a replay of one we already had is skipped). */
    add(line: string): void {
      if (replayIndex < knownLines.length && knownLines[replayIndex] === line) {
        replayIndex++;
        return;
      }
      replayIndex = Number.POSITIVE_INFINITY;
      pending.push(`${line}\n`);
      pendingChars += line.length + 1;
      // Bounded memory between snapshots: past twice the tail, older pending lines go now.
      if (pendingChars > 2 * MAX_LOG_CHARS) compact();
      if (line.includes('%|')) progress = progressFromLogs(line) ?? progress;
      if (seedUsed === null) seedUsed = seedFromLogs(line);
      changed = true;
    },
    /** Whether lines arrived since the last snapshot. */
    get changed(): boolean {
      return changed;
    },
    snapshot(): LogState {
      compact();
      changed = false;
      return { logs: kept, progress, seedUsed };
    },
  };
}
