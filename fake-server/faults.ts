import type { Fault, FaultMatch } from './types';
import { type BufferReply, problemReply } from './http-util';

/** Which fault class a request belongs to; null = only 'any' faults apply to it. */
export type RequestKind = Exclude<FaultMatch, 'any'> | null;

/**
 * One-shot faults. Each request takes the first queued fault that matches it, so a test can
 * line up "first create 503, second create reset" and have them consumed in that order.
 */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  push(faults: readonly Fault[]): void {
    this.queue.push(...faults);
  }

  take(kind: RequestKind): Fault | undefined {
    const index = this.queue.findIndex((f) => f.match === 'any' || f.match === kind);
    if (index === -1) return undefined;
    return this.queue.splice(index, 1)[0];
  }

  get pending(): number {
    return this.queue.length;
  }
}

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/**
 * The reply for a `status` fault: the given body verbatim (JSON content type when it parses
 * as JSON, HTML otherwise, like a proxy's error page), or a problem+json body.
 */
export function faultStatusReply(status: number, body: string | undefined): BufferReply {
  if (body === undefined) return problemReply(status, STATUS_TEXT[status] ?? `Injected fault ${status}`);
  let contentType = 'text/html; charset=utf-8';
  try {
    JSON.parse(body);
    contentType = 'application/problem+json';
  } catch {
    // not JSON: served as an HTML error page
  }
  return { kind: 'buffer', status, headers: { 'content-type': contentType }, body: Buffer.from(body) };
}
