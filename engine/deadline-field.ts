// A deadline that comes from the case's data: a step's `meta.slaField`, or a named delay set to
// `{ field, otherwise }`. The field holds a date (due at the end of that day, Vietnamese time),
// a date and time, or an ISO 8601 duration (counted from when the step is entered). The
// validator checks that a form filled in before the step has the field, as a date or duration.
import { addDuration, parseDuration } from './duration.ts';
import { ancestorsOf, enter, outgoing } from './graph.ts';
import { eachState, escapePointer, normalizeTransitions, stateConfigAt, statePointer } from './paths.ts';
import type { Form, MachineConfig, Procedure, ValidationProblem } from './types.ts';

/** A delay's setting: an ISO 8601 duration, or a field of the case's data (`otherwise` when it is empty). */
export interface FieldDelay {
  field: string;
  otherwise?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Vietnamese time: a date's deadline is the end of that day there. */
const VN_OFFSET = '+07:00';

/**
 * When a deadline given by a field's value falls, counted from `from`; null when the value is none
 * of a date, a date-time or a duration, or falls no later than `from` (a date already past: the
 * step's own duration applies, e.g. a follow-up entered again after an escalation).
 */
export function fieldDue(value: unknown, from: Date): Date | null {
  const due = dueOf(value, from);
  return due && due.getTime() > from.getTime() ? due : null;
}

function dueOf(value: unknown, from: Date): Date | null {
  if (typeof value !== 'string' || !value) return null;
  if (DATE.test(value)) {
    const start = Date.parse(`${value}T00:00:00${VN_OFFSET}`);
    return Number.isFinite(start) ? new Date(start + 86_400_000) : null;
  }
  if (parseDuration(value)) return addDuration(from, value);
  const at = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? new Date(at) : null;
}

/** The field named by a delay's setting, or null for a plain duration. */
export function delayField(setting: unknown): FieldDelay | null {
  return setting && typeof setting === 'object' && typeof (setting as FieldDelay).field === 'string' ? (setting as FieldDelay) : null;
}

/** The leaf states reachable from `from` (themselves included), through every transition. */
function reachable(machine: MachineConfig, from: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...from];
  while (queue.length) {
    const leaf = queue.pop()!;
    if (seen.has(leaf)) continue;
    seen.add(leaf);
    for (const anc of ancestorsOf(leaf)) {
      const s = anc === '' ? machine : stateConfigAt(machine, anc);
      if (s) queue.push(...outgoing(machine, s, anc));
    }
  }
  return seen;
}

type FieldKind = 'date' | 'duration' | 'other';

/** What a form's field holds, by its schema and widget. */
/** The field's label in the first form that has one (its name otherwise). */
function fieldLabel(forms: { form: Form | undefined }[], field: string): { vi: string; en: string } {
  for (const { form } of forms) {
    const label = (form?.ui as { fields?: Record<string, { label?: { vi: string; en: string } }> } | undefined)?.fields?.[field]?.label;
    if (label?.vi && label.en) return label;
  }
  return { vi: field, en: field };
}

function kindIn(form: Form | undefined, field: string): FieldKind | null {
  const prop = (form?.schema as { properties?: Record<string, { type?: unknown; format?: unknown }> } | undefined)?.properties?.[field];
  if (!prop) return null;
  const widget = (form?.ui as { fields?: Record<string, { widget?: string }> } | undefined)?.fields?.[field]?.widget;
  if (prop.format === 'date' || prop.format === 'date-time' || widget === 'date' || widget === 'datetime') return 'date';
  if (prop.format === 'duration') return 'duration';
  return 'other';
}

/** Every form with where it leads: the start form reaches every state, an action's form what follows it. */
function formsBefore(procedure: Procedure): { form: Form | undefined; leaves: () => Set<string>; label: string }[] {
  const machine = procedure.machine;
  const out: { form: Form | undefined; leaves: () => Set<string>; label: string }[] = [];
  const all = () => reachable(machine, enter(machine, ''));
  out.push({ form: procedure.start?.form, leaves: all, label: 'start' });
  for (const { path, state } of [{ path: '', state: machine }, ...eachState(machine)]) {
    for (const [event, value] of Object.entries(state.on ?? {})) {
      for (const t of normalizeTransitions(value)) {
        if (!t.meta?.form) continue;
        let cached: Set<string> | null = null;
        // an action that stays in its step fills the form before that step's later visits too
        const next = () => (t.target === undefined ? enter(machine, path) : outgoing(machine, { on: { [event]: t } }, path));
        const leaves = () => (cached ??= reachable(machine, next()));
        out.push({ form: t.meta.form, leaves, label: event });
      }
    }
  }
  return out;
}

/** Problems of deadlines taken from fields: the field is in no form before the step, or holds neither a date nor a duration. */
export function deadlineFieldProblems(procedure: Procedure): ValidationProblem[] {
  const machine = procedure.machine;
  const uses: { state: string; field: string; path: string }[] = [];
  for (const { path, state } of eachState(machine)) {
    const f = state.meta?.slaField;
    if (typeof f === 'string' && f) uses.push({ state: path, field: f, path: `${statePointer(path)}/meta/slaField` });
    for (const delay of Object.keys(state.after ?? {})) {
      const setting = delayField(procedure.delays?.[delay]);
      if (setting) uses.push({ state: path, field: setting.field, path: `${statePointer(path)}/after/${escapePointer(delay)}` });
    }
  }
  const problems: ValidationProblem[] = [];
  for (const [name, value] of Object.entries(procedure.delays ?? {})) {
    const otherwise = delayField(value)?.otherwise;
    if (otherwise !== undefined && !parseDuration(otherwise)) {
      problems.push({
        path: `/delays/${escapePointer(name)}/otherwise`,
        code: 'QT_DURATION_INVALID',
        severity: 'error',
        message: {
          vi: `Thời gian chờ "${name}" khi trường còn trống không phải một khoảng thời gian. Hãy nhập ví dụ 2 giờ hoặc 7 ngày.`,
          en: `The delay "${name}" while the field is empty is not a duration. Enter one, e.g. 2 hours or 7 days.`,
        },
      });
    }
  }
  if (!uses.length) return problems;
  const forms = formsBefore(procedure);
  for (const use of uses) {
    const under = (leaf: string) => leaf === use.state || leaf.startsWith(`${use.state}.`);
    const kinds = forms.filter((f) => kindIn(f.form, use.field) !== null && [...f.leaves()].some(under)).map((f) => kindIn(f.form, use.field));
    const title = stateConfigAt(machine, use.state)?.meta?.title ?? { vi: use.state, en: use.state };
    const field = fieldLabel(forms, use.field);
    if (!kinds.length) {
      problems.push({
        path: use.path,
        code: 'QT_DEADLINE_FIELD_UNKNOWN',
        severity: 'error',
        message: {
          vi: `Thời hạn của bước "${title.vi}" lấy từ trường "${field.vi}", nhưng không biểu mẫu nào trước bước này có trường đó. Hãy chọn một trường ngày hoặc khoảng thời gian được nhập trước bước này.`,
          en: `The deadline of step "${title.en}" comes from the field "${field.en}", but no form before this step has that field. Choose a date or duration field filled in before the step.`,
        },
      });
    } else if (kinds.some((k) => k === 'other')) {
      problems.push({
        path: use.path,
        code: 'QT_DEADLINE_FIELD_TYPE',
        severity: 'error',
        message: {
          vi: `Thời hạn của bước "${title.vi}" lấy từ trường "${field.vi}", nhưng trường này không phải ngày hay khoảng thời gian. Hãy đặt kiểu trường là ngày (hoặc khoảng thời gian) trong biểu mẫu, hoặc chọn trường khác.`,
          en: `The deadline of step "${title.en}" comes from the field "${field.en}", which is neither a date nor a duration. Make the field a date (or a duration) in its form, or choose another field.`,
        },
      });
    }
  }
  return problems;
}
