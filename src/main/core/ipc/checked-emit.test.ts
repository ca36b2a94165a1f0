import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/ipc-contract';
import { checkedEmit } from './checked-emit';

describe('events leave main checked against the contract', () => {
  const collect = () => {
    const sent: { event: EventName; payload: unknown }[] = [];
    const warnings: string[] = [];
    const emit = checkedEmit((event, payload) => sent.push({ event, payload }), (message) => warnings.push(message));
    return { sent, warnings, emit };
  };

  it('strips what the contract does not declare, a token above all', () => {
    const { sent, emit } = collect();
    const payload = { jobIds: ['20260101-000000-aaaa'], token: 'r8_must_not_leave_main' };
    emit('history:changed', payload);
    expect(sent).toEqual([{ event: 'history:changed', payload: { jobIds: ['20260101-000000-aaaa'] } }]);
  });

  it('does not send a payload that does not match, and says so', () => {
    const { sent, warnings, emit } = collect();
    // A payload built wrong somewhere in main (the type system is bypassed on purpose here).
    const bad: unknown = { jobId: '../../etc' };
    emit('job:deleted', bad as { jobId: string });
    expect(sent).toEqual([]);
    expect(warnings[0]).toMatch(/not sending a malformed job:deleted event/);
  });
});
