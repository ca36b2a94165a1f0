/** The most of a job's log that is kept: its end, where progress and errors are. */
export const MAX_LOG_CHARS = 256 * 1024;

const MARK = '[earlier lines of the log were not kept]\n';

/** Text added to a log on a line of its own (the log's last line may not have ended yet), tail kept. */
export function appendToLog(logs: string, text: string): string {
  return logTail(logs === '' || logs.endsWith('\n') ? `${logs}${text}` : `${logs}\n${text}`);
}


/**
 * A log cut to its last MAX_LOG_CHARS, from a line start. A chatty model (or a hostile server)
 * can send megabytes of logs; the whole was rewritten into the record on every save and
 * re-read for progress on every event. The seed line at the start is read before the cut.
 */
export function logTail(logs: string): string {
  if (logs.length <= MAX_LOG_CHARS) return logs;
  let cut = logs.length - MAX_LOG_CHARS;
  const lineStart = logs.indexOf('\n', cut);
  if (lineStart !== -1 && lineStart < logs.length - 1) cut = lineStart + 1;
  return `${MARK}${logs.slice(cut)}`;
}
