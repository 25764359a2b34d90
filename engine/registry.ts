// The built-in guards, actions and delays a procedure may name. Each has a JSON Schema for its
// params and a label in both languages: the designer offers exactly this list, the validator
// checks against it and the loader binds it to XState with setup().
import type { Actor, Assignment, CaseContext, Effect, JsonSchema, Text } from './types.ts';

/** The event as the machine sees it: what the user sent plus who and when. */
export interface MachineEvent {
  type: string;
  data?: Record<string, unknown>;
  actor?: Actor;
  at?: string;
}

export interface GuardArgs {
  context: CaseContext;
  event: MachineEvent;
}

export interface GuardDef {
  label: Text;
  params: JsonSchema;
  /** Reads the event's form data: cannot be decided before the form is filled. */
  readsForm?: (params: Record<string, unknown>) => boolean;
  test: (args: GuardArgs, params: Record<string, unknown>) => boolean;
}

export type ActionDef =
  | {
      kind: 'assign';
      label: Text;
      params: JsonSchema;
      apply: (args: GuardArgs, params: Record<string, unknown>) => Partial<CaseContext>;
    }
  | {
      kind: 'effect';
      label: Text;
      params: JsonSchema;
      effect: (args: GuardArgs, params: Record<string, unknown>) => Effect;
    };

export interface DelayDef {
  label: Text;
  /** Milliseconds from `now` until the timer is due. */
  ms: (args: GuardArgs, now: Date) => number;
}

const text = (vi: string, en: string): Text => ({ vi, en });

const fieldParam = { type: 'string', minLength: 1, pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' };
const sourceParam = { enum: ['case', 'form'] };
const textParam = {
  type: 'object',
  required: ['vi', 'en'],
  properties: { vi: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
  additionalProperties: false,
};

/** Reads a dotted path from an object. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Returns a copy of obj with a dotted path set. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...obj, [head]: value };
  const child = obj[head];
  const base = child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...obj, [head]: setPath(base, rest.join('.'), value) };
}

function read({ context, event }: GuardArgs, params: Record<string, unknown>): unknown {
  const field = String(params.field);
  return params.source === 'form' ? getPath(event.data ?? {}, field) : getPath(context.data, field);
}

function isPresent(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim().length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

const fromForm = (p: Record<string, unknown>) => p.source === 'form';

export const guardRegistry: Record<string, GuardDef> = {
  fieldEquals: {
    label: text('Trường có giá trị bằng', 'Field equals'),
    params: {
      type: 'object',
      required: ['field', 'value'],
      properties: { field: fieldParam, value: {}, source: sourceParam },
      additionalProperties: false,
    },
    readsForm: fromForm,
    test: (args, p) => JSON.stringify(read(args, p)) === JSON.stringify(p.value),
  },
  fieldPresent: {
    label: text('Trường đã được điền', 'Field is filled in'),
    params: {
      type: 'object',
      required: ['field'],
      properties: { field: fieldParam, source: sourceParam },
      additionalProperties: false,
    },
    readsForm: fromForm,
    test: (args, p) => isPresent(read(args, p)),
  },
  fieldMatches: {
    label: text('Trường khớp mẫu', 'Field matches a pattern'),
    params: {
      type: 'object',
      required: ['field', 'pattern'],
      properties: { field: fieldParam, pattern: { type: 'string', format: 'regex', minLength: 1 }, source: sourceParam },
      additionalProperties: false,
    },
    readsForm: fromForm,
    test: (args, p) => {
      const v = read(args, p);
      return typeof v === 'string' && new RegExp(String(p.pattern), 'u').test(v);
    },
  },
  minAttachments: {
    label: text('Có ít nhất N tệp đính kèm', 'At least N attachments'),
    params: {
      type: 'object',
      required: ['field', 'min'],
      properties: { field: fieldParam, min: { type: 'integer', minimum: 1 }, source: sourceParam },
      additionalProperties: false,
    },
    readsForm: fromForm,
    test: (args, p) => {
      const v = read(args, p);
      return Array.isArray(v) && v.length >= Number(p.min);
    },
  },
  notSameActorAs: {
    label: text('Người thực hiện khác người đã làm bước', 'Actor is not the one who did step (four-eyes)'),
    params: {
      type: 'object',
      required: ['step'],
      properties: { step: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' } },
      additionalProperties: false,
    },
    test: ({ context, event }, p) => {
      const done = context.steps[String(p.step)];
      return !done || !event.actor || done.by !== event.actor.id;
    },
  },
  actorHasRole: {
    label: text('Người thực hiện có vai trò', 'Actor has role'),
    params: {
      type: 'object',
      required: ['role'],
      properties: { role: { type: 'string', minLength: 1 } },
      additionalProperties: false,
    },
    test: ({ event }, p) => Boolean(event.actor?.roles.includes(String(p.role))),
  },
};

/** Composite guards: written in JSON, turned into XState's and/or/not/stateIn by the loader. */
export const compositeGuards: Record<string, { label: Text; params: JsonSchema }> = {
  and: {
    label: text('Tất cả điều kiện', 'All of'),
    params: { type: 'object', required: ['guards'], properties: { guards: { type: 'array', minItems: 1 } }, additionalProperties: false },
  },
  or: {
    label: text('Một trong các điều kiện', 'Any of'),
    params: { type: 'object', required: ['guards'], properties: { guards: { type: 'array', minItems: 1 } }, additionalProperties: false },
  },
  not: {
    label: text('Không thỏa điều kiện', 'Not'),
    params: { type: 'object', required: ['guard'], properties: { guard: {} }, additionalProperties: false },
  },
  inState: {
    label: text('Hồ sơ đang ở bước', 'Case is in state'),
    params: {
      type: 'object',
      required: ['state'],
      properties: { state: { type: 'string', minLength: 1 } },
      additionalProperties: false,
    },
  },
};

function stamp(event: MachineEvent) {
  return { by: event.actor?.id ?? 'system', at: event.at ?? '' };
}

export const actionRegistry: Record<string, ActionDef> = {
  storeForm: {
    kind: 'assign',
    label: text('Lưu dữ liệu biểu mẫu vào hồ sơ', "Store the form's data in the case"),
    params: {
      type: 'object',
      properties: { into: fieldParam },
      additionalProperties: false,
    },
    apply: ({ context, event }, p) => {
      const form = event.data ?? {};
      if (typeof p.into === 'string') {
        const prev = getPath(context.data, p.into);
        const base = prev && typeof prev === 'object' && !Array.isArray(prev) ? prev : {};
        return { data: setPath(context.data, p.into, { ...base, ...form }) };
      }
      return { data: { ...context.data, ...form } };
    },
  },
  setField: {
    kind: 'assign',
    label: text('Đặt giá trị cho trường', 'Set a field'),
    params: {
      type: 'object',
      required: ['field', 'value'],
      properties: { field: fieldParam, value: {} },
      additionalProperties: false,
    },
    apply: ({ context }, p) => ({ data: setPath(context.data, String(p.field), p.value) }),
  },
  appendToList: {
    kind: 'assign',
    label: text('Thêm vào danh sách', 'Append to a list'),
    params: {
      type: 'object',
      required: ['field'],
      properties: { field: fieldParam },
      additionalProperties: false,
    },
    apply: ({ context, event }, p) => {
      const field = String(p.field);
      const prev = getPath(context.data, field);
      const list = Array.isArray(prev) ? prev : [];
      return { data: setPath(context.data, field, [...list, { ...(event.data ?? {}), ...stamp(event) }]) };
    },
  },
  assignTo: {
    kind: 'assign',
    label: text('Giao hồ sơ cho vai trò hoặc đơn vị', 'Assign the case to a role or unit'),
    params: {
      type: 'object',
      minProperties: 1,
      properties: {
        role: { type: 'string', minLength: 1 },
        unitId: { type: 'string', minLength: 1 },
        userFromStep: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
      },
      additionalProperties: false,
    },
    apply: ({ context }, p) => {
      const assignee: Assignment = {
        role: typeof p.role === 'string' ? p.role : null,
        unitId: typeof p.unitId === 'string' ? p.unitId : null,
        userId: typeof p.userFromStep === 'string' ? (context.steps[p.userFromStep]?.by ?? null) : null,
      };
      return { assignee };
    },
  },
  notify: {
    kind: 'effect',
    label: text('Thông báo cho vai trò', 'Notify a role'),
    params: {
      type: 'object',
      required: ['role', 'message'],
      properties: { role: { type: 'string', minLength: 1 }, message: textParam },
      additionalProperties: false,
    },
    effect: (_args, p) => ({ type: 'notify', role: String(p.role), message: p.message as Text }),
  },
};

export const delayRegistry: Record<string, DelayDef> = {
  untilDeadline: {
    label: text('Đến hạn ghi trong hồ sơ (trường deadline)', "Until the case's deadline field"),
    ms: ({ context }, now) => {
      const due = Date.parse(String(context.data.deadline ?? ''));
      return Number.isFinite(due) ? Math.max(0, due - now.getTime()) : 0;
    },
  },
};

/** A registry entry by name; names such as "valueOf" or "__proto__" are not entries. */
export function lookup<T>(registry: Record<string, T>, name: unknown): T | undefined {
  return typeof name === 'string' && Object.hasOwn(registry, name) ? registry[name] : undefined;
}
