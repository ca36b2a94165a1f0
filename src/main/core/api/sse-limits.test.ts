import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { parseSse, type SseEvent } from './sse';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function collect(iterable: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A body that sends `total` characters of one unfinished line, 64 KB at a time, and counts what was read. */
function endlessLine(total: number) {
  const state = { sent: 0 };
  async function* body(): AsyncGenerator<string> {
    yield 'event: logs\ndata: ';
    const piece = 'x'.repeat(64 * 1024);
    while (state.sent < total) {
      state.sent += piece.length;
      yield piece;
    }
  }
  return { state, body: body() };
}

describe('the SSE parser against a hostile stream', () => {
  it('gives up on a line past 1 MB as a bad response, having read little more than that', async () => {
    const hostile = endlessLine(64 * 1024 * 1024);
    const error = await collect(parseSse(hostile.body)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'bad-response', message: expect.stringMatching(/line larger than 1 MB/) });
    expect(hostile.state.sent).toBeLessThan(2 * 1024 * 1024);
  });

  it('gives up on an event whose data lines pass 4 MB together', async () => {
    const line = `data: ${'y'.repeat(512 * 1024)}\n`;
    const error = await collect(parseSse(chunks('event: output\n', ...Array.from({ length: 12 }, () => line), '\n'))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-response', message: expect.stringMatching(/event larger than 4 MB/) });
  });

  it('still reads big but allowed events, CR/LF split across chunks and lone CRs', async () => {
    const big = 'z'.repeat(900 * 1024);
    const events = await collect(
      parseSse(chunks('event: logs\r', '\ndata: a\r', '\r', `event: output\rdata: ${big.slice(0, 1000)}`, `${big.slice(1000)}\r\n\r\n`, ': ping\n\n')),
    );
    expect(events).toEqual([
      { event: 'logs', data: 'a' },
      { event: 'output', data: big },
    ]);
  });
});
