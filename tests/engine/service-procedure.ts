// The server tests' small procedure with an automated step: approving a report calls a service
// (state `calling`), whose done moves the case on to `waiting` and whose error (when asked for)
// to `late`. A patch of tests/server/fixtures/mini.json, not a copy.
import type { Procedure, StateConfig } from '../../engine/index.ts';
import { fixture } from '../server/helpers.ts';

export function serviceProcedure(src: string, input: Record<string, unknown>, opts: { onError?: boolean; key?: string } = {}): Procedure {
  const p = fixture('mini') as unknown as Procedure;
  p.key = opts.key ?? `auto-${src}`;
  p.machine.id = p.key;
  const states = p.machine.states as Record<string, StateConfig>;
  (states.review!.on!.APPROVE as { target: string }).target = 'calling';
  states.calling = {
    meta: { title: { vi: 'Đang gọi dịch vụ', en: 'Calling the service' } },
    invoke: { src, input, onDone: { target: 'waiting' }, ...(opts.onError ? { onError: { target: 'late' } } : {}) },
    on: {
      STOP: { target: 'review', meta: { label: { vi: 'Dừng', en: 'Stop' }, roles: ['verifier'] } },
    },
  };
  return p;
}
