import type { z } from 'zod';
import { eventContract, type EventName, type EventPayload } from '../../../shared/ipc-contract';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Events leave main the way replies do (see dispatch.ts): parsed against the contract, so a
 * field the contract does not declare (a token least of all) is stripped, and a payload that
 * does not match is not sent at all. The page parses them again on arrival: it trusts nothing.
 */
export function checkedEmit(send: Emit, warn: (message: string) => void = (message) => console.warn(message)): Emit {
  return <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const schema: z.ZodType = eventContract[event];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      warn(`Redraw: not sending a malformed ${event} event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    // eventContract[E] parses to EventPayload<E> by definition; TypeScript cannot follow a generic index.
    send(event, parsed.data as EventPayload<E>);
  };
}
