// A case run in memory with a simulated clock: the designer's "try it" mode and the tests use
// it. Timers are kept as the server keeps them (set/cancel effects) and fire when time moves.
import { addDuration } from './duration.ts';
import { applyEvent, startCase, type LogEntry } from './run.ts';
import { SERVICE_DONE_PREFIX, SERVICE_ERROR_PREFIX } from './paths.ts';
import { OPEN_EVENT, SYSTEM_ACTOR, type Actor, type CaseEvent, type CaseState, type Effect, type Procedure, type Rejection } from './types.ts';

export interface PendingTimer {
  id: string;
  event: CaseEvent;
  dueAt: string;
}

/** An automated step the simulation is waiting on: the designer chooses how it ends. */
export interface PendingCall {
  id: string;
  service: string;
  input: Record<string, unknown>;
  handlesError: boolean;
}

export class CaseSimulation {
  state: CaseState | null = null;
  readonly log: LogEntry[] = [];
  readonly timers = new Map<string, PendingTimer>();
  /** automated steps started and not finished: run as stubs by complete() */
  readonly calls = new Map<string, PendingCall>();
  readonly effects: Effect[] = [];
  /** States before each accepted step, so the designer can step back. */
  private readonly past: { state: CaseState; timers: PendingTimer[]; calls: PendingCall[]; logLength: number; now: Date }[] = [];

  constructor(
    readonly procedure: Procedure,
    public now: Date,
  ) {}

  open(data: Record<string, unknown>, actor: Actor): Rejection | null {
    const result = startCase(this.procedure, data, actor, this.now);
    if (!result.ok) return result.rejection;
    this.state = result.state;
    this.log.push({ type: OPEN_EVENT, data, actor, at: this.now.toISOString() });
    this.apply(result.effects);
    return null;
  }

  send(event: CaseEvent, actor: Actor): Rejection | null {
    if (!this.state) throw new Error('Open the case first.');
    const result = applyEvent(this.procedure, this.state, event, actor, this.now);
    if (!result.ok) return result.rejection;
    this.past.push({ state: this.state, timers: [...this.timers.values()], calls: [...this.calls.values()], logLength: this.log.length, now: this.now });
    this.state = result.state;
    this.log.push({ type: event.type, data: event.data ?? {}, actor, at: this.now.toISOString() });
    this.apply(result.effects);
    return null;
  }

  /**
   * Ends a pending automated step as a stub: `done` (with `result` as its answer) or `error`, as
   * the server records it — an error with no onError leaves the case waiting (an incident).
   */
  complete(id: string, outcome: 'done' | 'error', result: Record<string, unknown> = {}): Rejection | null {
    const call = this.calls.get(id);
    if (!call) throw new Error(`No automated step "${id}" is running.`);
    // an error with no onError is an incident: the step stays to be ended again
    if (outcome === 'error' && !call.handlesError) return null;
    const type = `${outcome === 'done' ? SERVICE_DONE_PREFIX : SERVICE_ERROR_PREFIX}${id}`;
    const data = outcome === 'done' ? { service: call.service, attempts: 1, result } : { service: call.service, attempts: 1, error: 'simulated' };
    const refused = this.send({ type, data }, SYSTEM_ACTOR);
    if (!refused) this.calls.delete(id);
    return refused;
  }

  /** Moves the clock forward, firing every timer that falls due on the way, in order. */
  advance(duration: string): PendingTimer[] {
    return this.advanceTo(addDuration(this.now, duration));
  }

  advanceTo(until: Date): PendingTimer[] {
    const fired: PendingTimer[] = [];
    for (;;) {
      const next = [...this.timers.values()]
        .filter((t) => Date.parse(t.dueAt) <= until.getTime())
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))[0];
      if (!next) break;
      this.timers.delete(next.id);
      this.now = new Date(next.dueAt);
      // A timer whose step is gone is dropped, as the server drops it.
      if (this.send(next.event, SYSTEM_ACTOR) === null) fired.push(next);
    }
    this.now = until;
    return fired;
  }

  /** Undoes the last accepted step (not the opening). */
  back(): boolean {
    const prev = this.past.pop();
    if (!prev) return false;
    this.state = prev.state;
    this.timers.clear();
    for (const t of prev.timers) this.timers.set(t.id, t);
    this.calls.clear();
    for (const c of prev.calls) this.calls.set(c.id, c);
    this.log.length = prev.logLength;
    this.now = prev.now;
    return true;
  }

  private apply(effects: Effect[]) {
    for (const e of effects) {
      this.effects.push(e);
      if (e.type === 'timer.set') this.timers.set(e.id, { id: e.id, event: e.event, dueAt: e.dueAt });
      if (e.type === 'timer.cancel') this.timers.delete(e.id);
      if (e.type === 'service.call') this.calls.set(e.id, { id: e.id, service: e.service, input: e.input, handlesError: e.handlesError });
      if (e.type === 'service.cancel') this.calls.delete(e.id);
    }
  }
}
