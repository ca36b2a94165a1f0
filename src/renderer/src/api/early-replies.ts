/**
 * Replies to the calls the page's first module sent (early-calls.ts), kept until the start takes
 * them. Its own module, without side effects, so the client can read it without sending them.
 */
export type EarlyChannel = 'app:info' | 'settings:get' | 'history:start';

const replies = new Map<EarlyChannel, Promise<unknown>>();

export function keepEarlyReply(channel: EarlyChannel, reply: Promise<unknown>): void {
  // Taken later (or never, when the start fails first): a rejection here must not go unhandled.
  reply.catch(() => undefined);
  replies.set(channel, reply);
}

/** The raw reply of an early call, once: a second take (the History started again) calls anew. */
export function takeEarlyReply(channel: EarlyChannel): Promise<unknown> | null {
  const reply = replies.get(channel) ?? null;
  replies.delete(channel);
  return reply;
}
