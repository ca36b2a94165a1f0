import type { z } from 'zod';
import { AppError, type FieldError } from '../../../shared/app-error';
import { invokeContract, type Channel, type ChannelOutput, type Envelope, type InvokeContract } from '../../../shared/ipc-contract';

export type Handlers = {
  [C in Channel]: (input: z.output<InvokeContract[C]['input']>) => Promise<ChannelOutput<C>>;
};

function isChannel(name: string): name is Channel {
  return Object.hasOwn(invokeContract, name);
}

function issuesToFields(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    return { param: path[path.length - 1] ?? null, field: path.join('.') || '(input)', message: issue.message };
  });
}

/**
 * The one door into main, used by Electron's ipcMain and by the test bridge alike: the channel
 * must be in the contract, the input is parsed against its schema, the output is parsed on the
 * way out (so nothing undeclared, a token least of all, can leak), and every failure becomes
 * data the renderer can show.
 */
export function createDispatch(handlers: Handlers) {
  return async function dispatch(channel: string, rawInput: unknown): Promise<Envelope> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'invalid-request', message: `Unknown channel: ${channel.slice(0, 64)}` } };
    }
    const spec = invokeContract[channel];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      const fields = issuesToFields(parsed.error);
      return {
        ok: false,
        error: { code: 'invalid-request', message: fields.map((f) => f.message).join('; '), fields },
      };
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      const value = spec.output.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() };
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'internal', message: `Something went wrong in Redraw: ${message}` } };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatch>;
