// A case run in memory with a simulated clock: the designer's "try it" mode and the tests use
// it. Timers are kept as the server keeps them (set/cancel effects) and fire when time moves.
import { addDuration } from './duration.ts';
import { applyEvent, startCase, type LogEntry } from './run.ts';
import { OPEN_EVENT, SYSTEM_ACTOR, type Actor, type CaseEvent, type CaseState, type Effect, type Procedure, type Rejection } from './types.ts';

export interface PendingTimer {
  id: string;
  event: CaseEvent;
  dueAt: string;
}

export class CaseSimulation {
  state: CaseState | null = null;
  readonly log: LogEntry[] = [];
  readonly timers = new Map<string, PendingTimer>();
  readonly effects: Effect[] = [];
  /** States before each accepted step, so the designer can step back. */
  private readonly past: { state: CaseState; timers: PendingTimer[]; logLength: number; now: Date }[] = [];

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
    this.past.push({ state: this.state, timers: [...this.timers.values()], logLength: this.log.length, now: this.now });
    this.state = result.state;
    this.log.push({ type: event.type, data: event.data ?? {}, actor, at: this.now.toISOString() });
    this.apply(result.effects);
    return null;
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
    this.log.length = prev.logLength;
    this.now = prev.now;
    return true;
  }

  private apply(effects: Effect[]) {
    for (const e of effects) {
      this.effects.push(e);
      if (e.type === 'timer.set') this.timers.set(e.id, { id: e.id, event: e.event, dueAt: e.dueAt });
      if (e.type === 'timer.cancel') this.timers.delete(e.id);
    }
  }
}
