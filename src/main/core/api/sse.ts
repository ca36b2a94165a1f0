export type SseEvent = { event: string; data: string; id?: string };

/**
 * Parses a text/event-stream body as it arrives (WHATWG rules: fields per line, events end
 * at a blank line, several `data:` lines join with "\n", CR, LF or CRLF line ends).
 */
export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;

  const takeLines = function* (final: boolean): Generator<string> {
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      // A lone trailing CR may be the first half of CRLF: wait for more unless the stream ended.
      if (!match || (match[0] === '\r' && match.index === buffer.length - 1 && !final)) return;
      yield buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
    }
  };

  const handleLine = (line: string): SseEvent | null => {
    if (line === '') {
      const out = data.length > 0 ? { event: event || 'message', data: data.join('\n'), ...(id ? { id } : {}) } : null;
      event = '';
      data = [];
      return out;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
    return null;
  };

  for await (const chunk of body) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (const line of takeLines(false)) {
      const out = handleLine(line);
      if (out) yield out;
    }
  }
  buffer += decoder.decode();
  for (const line of takeLines(true)) {
    const out = handleLine(line);
    if (out) yield out;
  }
}
