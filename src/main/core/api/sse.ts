import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../../../shared/app-error';
import { megabytes } from './api-errors';

export type SseEvent = { event: string; data: string; id?: string };

type SseLimits = {
  /** Longest line (in characters) before the stream is given up as a bad response. */
  maxLineChars: number;
  /** Most data one event may carry (its `data:` lines together). */
  maxEventChars: number;
  /** Work done without letting the event loop turn, before the parser yields to it. */
  sliceMs: number;
};

/**
 * Real events are a few hundred bytes (a log line, an output list). A server that never ends a
 * line would otherwise be buffered until memory runs out; past these caps it is not an event
 * stream we can use, and the caller falls back to polling.
 */
const SSE_LIMITS: SseLimits = { maxLineChars: 1024 * 1024, maxEventChars: 4 * 1024 * 1024, sliceMs: 10 };

function tooLarge(what: string, limit: number): AppError {
  return new AppError('bad-response', `The event stream sent ${what} larger than ${megabytes(limit)}; it was abandoned.`);
}

/**
 * Parses a text/event-stream body as it arrives (WHATWG rules: fields per line, events end
 * at a blank line, several `data:` lines join with "\n", CR, LF or CRLF line ends).
 * Each character is scanned once (an unfinished line is kept as parts, never re-scanned), and
 * the parser lets the event loop turn every `sliceMs` of work, so a flood of events (or of
 * comments) cannot hold up the rest of the main process.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const limits = SSE_LIMITS;
  const decoder = new TextDecoder();
  let partial: string[] = [];
  let partialChars = 0;
  // A CR ended the last line; an LF right after it belongs to the same line end.
  let skipLf = false;
  let event = '';
  let data: string[] = [];
  let dataChars = 0;
  let id: string | undefined;
  let sliceStart = performance.now();

  const handleLine = (line: string): SseEvent | null => {
    if (line === '') {
      const out = data.length > 0 ? { event: event || 'message', data: data.join('\n'), ...(id ? { id } : {}) } : null;
      event = '';
      data = [];
      dataChars = 0;
      return out;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') {
      dataChars += value.length + 1;
      if (dataChars > limits.maxEventChars) throw tooLarge('an event', limits.maxEventChars);
      data.push(value);
    } else if (field === 'id') id = value;
    return null;
  };

  /** The complete lines in `text`; what follows the last line end is kept for the next chunk. */
  const linesOf = (text: string): string[] => {
    const lines: string[] = [];
    let start = 0;
    if (skipLf && text.startsWith('\n')) start = 1;
    skipLf = false;
    const lineEnd = /[\r\n]/g;
    lineEnd.lastIndex = start;
    for (let match = lineEnd.exec(text); match; match = lineEnd.exec(text)) {
      const end = match.index;
      const piece = text.slice(start, end);
      if (partialChars + piece.length > limits.maxLineChars) throw tooLarge('a line', limits.maxLineChars);
      lines.push(partial.length > 0 ? partial.join('') + piece : piece);
      partial = [];
      partialChars = 0;
      start = end + 1;
      if (match[0] === '\r') {
        if (start === text.length) skipLf = true;
        else if (text[start] === '\n') start++;
      }
      lineEnd.lastIndex = start;
    }
    if (start < text.length) {
      const rest = text.slice(start);
      partialChars += rest.length;
      if (partialChars > limits.maxLineChars) throw tooLarge('a line', limits.maxLineChars);
      partial.push(rest);
    }
    return lines;
  };

  async function* emit(lines: string[]): AsyncGenerator<SseEvent> {
    for (const line of lines) {
      const out = handleLine(line);
      if (performance.now() - sliceStart >= limits.sliceMs) {
        await nextTurn();
        sliceStart = performance.now();
      }
      if (out) yield out;
    }
  }

  for await (const chunk of body) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* emit(linesOf(text));
  }
  // An unfinished line at the end is dropped, as the standard says: it cannot end an event.
  yield* emit(linesOf(decoder.decode()));
}
