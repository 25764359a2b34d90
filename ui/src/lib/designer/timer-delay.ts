// A timer's ("after") delay in the designer: a fixed duration (the key, "P7D"), or a date or
// duration an official filled in, kept as a named delay `{ field, otherwise }` of the procedure's
// `delays` whose name keys the timer. Pure functions over a procedure, like edit.ts.
import type { Form, Procedure, Text, ValidationProblem } from '../../../../engine/types.ts';
import { delayField, eachState, escapePointer, normalizeTransitions, parseDuration, statePointer } from '../../../../engine/index.ts';
import type { TransitionRef } from '../diagram/graph.ts';
import { fold } from './codes.ts';
import { rekeyTransition } from './edit.ts';

export interface TimerDelay {
  /** the form field the delay is read from; null for a fixed duration */
  field: string | null;
  /** the fixed duration, or the one that applies while the field is empty */
  duration: string | null;
}

/** What a timer waits for. */
export function timerDelay(procedure: Procedure, ref: TransitionRef): TimerDelay {
  const setting = procedure.delays?.[ref.key];
  const fromField = delayField(setting);
  if (fromField) return { field: fromField.field, duration: fromField.otherwise ?? null };
  if (parseDuration(ref.key)) return { field: null, duration: ref.key };
  return { field: null, duration: typeof setting === 'string' ? setting : null };
}

/** How many timers of the machine wait on the named delay. */
function timersOn(procedure: Procedure, name: string): number {
  let n = 0;
  for (const { state } of [{ state: procedure.machine }, ...eachState(procedure.machine)]) n += normalizeTransitions(state.after?.[name]).length;
  return n;
}

/** Drops named delays set from a field that no timer waits on any more. */
function dropUnused(procedure: Procedure): Procedure {
  const delays = Object.entries(procedure.delays ?? {}).filter(([name, v]) => !delayField(v) || timersOn(procedure, name) > 0);
  const { delays: _old, ...rest } = procedure;
  return delays.length ? { ...rest, delays: Object.fromEntries(delays) } : rest;
}

/** A name for a field's delay that no delay or timer key has yet: REMOVAL_DEADLINE_DUE for removalDeadline. */
function freeName(procedure: Procedure, field: string): string {
  const base = `${fold(field.replace(/([a-z0-9])([A-Z])/g, '$1 $2'))
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '') || 'FIELD'}_DUE`;
  const taken = (name: string) => Object.hasOwn(procedure.delays ?? {}, name) || timersOn(procedure, name) > 0;
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}_${i}`;
  return name;
}

/** Keys the timer by a delay that holds `want`: one already set so, else a new one of its own. */
function keyBy(procedure: Procedure, ref: TransitionRef, want: TimerDelay): { procedure: Procedure; ref: TransitionRef } {
  if (want.field === null) {
    const r = rekeyTransition(procedure, ref, want.duration ?? 'P1D');
    return { procedure: dropUnused(r.procedure), ref: r.ref };
  }
  const setting = { field: want.field, ...(want.duration ? { otherwise: want.duration } : {}) };
  // a delay this timer alone waits on is changed where it is: its name stays
  if (delayField(procedure.delays?.[ref.key]) && timersOn(procedure, ref.key) === 1) return { procedure: { ...procedure, delays: { ...procedure.delays, [ref.key]: setting } }, ref };
  const same = Object.entries(procedure.delays ?? {}).find(([, v]) => {
    const f = delayField(v);
    return f !== null && f.field === setting.field && (f.otherwise ?? null) === (setting.otherwise ?? null);
  });
  if (same && same[0] === ref.key) return { procedure, ref };
  const name = same?.[0] ?? freeName(procedure, want.field);
  const withDelay = same ? procedure : { ...procedure, delays: { ...procedure.delays, [name]: setting } };
  const r = rekeyTransition(withDelay, ref, name);
  return { procedure: dropUnused(r.procedure), ref: r.ref };
}

/** Takes the timer's delay from a form field, or (null) back to a fixed duration. */
export function setTimerField(procedure: Procedure, ref: TransitionRef, field: string | null): { procedure: Procedure; ref: TransitionRef } {
  const now = timerDelay(procedure, ref);
  if (now.field === field) return { procedure, ref };
  return keyBy(procedure, ref, { field, duration: now.duration ?? 'P7D' });
}

/** Sets the timer's fixed duration, the one that applies while its field is empty when it has one. */
export function setTimerDuration(procedure: Procedure, ref: TransitionRef, duration: string): { procedure: Procedure; ref: TransitionRef } {
  const now = timerDelay(procedure, ref);
  if (now.duration === duration) return { procedure, ref };
  return keyBy(procedure, ref, { field: now.field, duration });
}

/** Date and duration fields of every form (the start form, each action's), by name, with their label. */
export function dateFields(procedure: Procedure): { name: string; label: Text }[] {
  const out = new Map<string, Text>();
  const forms: (Form | undefined)[] = [procedure.start?.form];
  for (const s of [procedure.machine, ...eachState(procedure.machine).map((x) => x.state)]) {
    for (const v of Object.values(s.on ?? {})) for (const tr of normalizeTransitions(v)) forms.push(tr.meta?.form);
  }
  for (const f of forms) {
    for (const [name, prop] of Object.entries((f?.schema?.properties ?? {}) as Record<string, { format?: string }>)) {
      const widget = f?.ui?.fields?.[name]?.widget;
      const dated = prop.format === 'date' || prop.format === 'date-time' || prop.format === 'duration' || widget === 'date' || widget === 'datetime';
      if (dated && !out.has(name)) out.set(name, f?.ui?.fields?.[name]?.label ?? { vi: name, en: name });
    }
  }
  return [...out].map(([name, label]) => ({ name, label }));
}

/** The validator's problems of the timer's delay (the same checks as publishing): its field and the duration that stands in. */
export function timerDelayProblems(problems: readonly ValidationProblem[], ref: TransitionRef): ValidationProblem[] {
  const own = [`${statePointer(ref.source)}/after/${escapePointer(ref.key)}`, `/delays/${escapePointer(ref.key)}/otherwise`];
  return problems.filter((p) => own.includes(p.path));
}
