import type { z } from 'zod';
import type { AppErrorData } from '../../../shared/app-error';
import {
  envelopeSchema,
  eventContract,
  invokeContract,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type EventName,
  type EventPayload,
  type RedrawBridge,
} from '../../../shared/ipc-contract';
import { takeEarlyReply, type EarlyChannel } from './early-replies';

/** A failure reported by main (or by this client), carrying the same data main would send. */
export class RendererAppError extends Error {
  readonly data: AppErrorData;

  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'RendererAppError';
    this.data = data;
  }
}

/** Whatever was thrown, as AppErrorData the UI knows how to word. */
export function toAppErrorData(error: unknown): AppErrorData {
  if (error instanceof RendererAppError) return error.data;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}

function bridge(): RedrawBridge {
  const found = window.redraw;
  if (!found) {
    throw new RendererAppError({
      code: 'internal',
      message: 'Redraw’s connection to the app is missing. Restart Redraw.',
    });
  }
  return found;
}

/**
 * Invokes a channel and returns its parsed output. The input is checked against the same
 * schema main uses, so a mistake shows up here with field errors instead of a round trip;
 * the reply is parsed too, because the page must not trust shapes it did not check.
 */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const contract = invokeContract[channel];
  const inputSchema: z.ZodType = contract.input;
  const checked = inputSchema.safeParse(input);
  if (!checked.success) {
    throw new RendererAppError({
      code: 'invalid-input',
      message: checked.error.issues[0]?.message ?? 'Invalid input',
      fields: checked.error.issues.map((issue) => ({
        param: typeof issue.path[0] === 'string' ? issue.path[0] : null,
        field: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    });
  }
  let sent: Promise<unknown>;
  try {
    sent = bridge().invoke(channel, input);
  } catch (error) {
    sent = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return readReply(channel, sent);
}

/**
 * The output of a call already sent (by `call`, or by the page's first module: early-calls.ts),
 * checked against the contract: an envelope, then the channel's output.
 */
async function readReply<C extends Channel>(channel: C, sent: Promise<unknown>): Promise<ChannelOutput<C>> {
  let raw: unknown;
  try {
    raw = await sent;
  } catch (error) {
    if (error instanceof RendererAppError) throw error;
    throw new RendererAppError({
      code: 'internal',
      message: `The app did not answer (${error instanceof Error ? error.message : String(error)})`,
    });
  }

  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new RendererAppError({ code: 'bad-response', message: `The app sent an unreadable reply to ${channel}` });
  }
  if (!envelope.data.ok) throw new RendererAppError(envelope.data.error);

  const outputSchema: z.ZodType = invokeContract[channel].output;
  const output = outputSchema.safeParse(envelope.data.value);
  if (!output.success) {
    console.warn(`Unexpected reply to ${channel}`, output.error.issues);
    throw new RendererAppError({ code: 'bad-response', message: `The app sent an unexpected reply to ${channel}` });
  }
  // invokeContract[C].output parses to ChannelOutput<C> by definition; TypeScript cannot follow a generic index.
  return output.data as ChannelOutput<C>;
}

/** A call every start makes: the reply to the one the page's first module sent, or a new call. */
export function callAtStart<C extends EarlyChannel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const sent = takeEarlyReply(channel);
  return sent === null ? call(channel, input) : readReply(channel, sent);
}

/** Listens to an event from main; payloads that do not match the contract are dropped. */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const schema: z.ZodType = eventContract[event];
  return bridge().on(event, (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    // eventContract[E] parses to EventPayload<E> by definition (see ChannelOutput above).
    if (parsed.success) listener(parsed.data as EventPayload<E>);
    else console.warn(`Ignored a malformed ${event} event`, parsed.error.issues);
  });
}
