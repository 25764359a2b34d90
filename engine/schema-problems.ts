// The procedure file checked against its JSON Schema, in words: the problem codes of
// validateProcedure, and Ajv's errors turned into one message per place in both languages
// (hints for v4 habits, "did you mean" for misspelt keys).
import type { ErrorObject } from 'ajv';
import { escapePointer } from './paths.ts';
import type { Text, ValidationProblem } from './types.ts';

export const ProblemCode = {
  Schema: 'QT_SCHEMA',
  TargetUnknown: 'QT_TARGET_UNKNOWN',
  InitialUnknown: 'QT_INITIAL_UNKNOWN',
  GuardUnknown: 'QT_GUARD_UNKNOWN',
  GuardParams: 'QT_GUARD_PARAMS',
  ActionUnknown: 'QT_ACTION_UNKNOWN',
  ActionParams: 'QT_ACTION_PARAMS',
  DelayUnknown: 'QT_DELAY_UNKNOWN',
  DurationInvalid: 'QT_DURATION_INVALID',
  FormSchemaInvalid: 'QT_FORM_SCHEMA_INVALID',
  FormUiUnknownField: 'QT_FORM_UI_UNKNOWN_FIELD',
  RoleUndeclared: 'QT_ROLE_UNDECLARED',
  StepUnknown: 'QT_STEP_UNKNOWN',
  StateUnreachable: 'QT_STATE_UNREACHABLE',
  StateNoPathToFinal: 'QT_STATE_NO_PATH_TO_FINAL',
  StateNoActor: 'QT_STATE_NO_ACTOR',
  StateTitleMissing: 'QT_STATE_TITLE_MISSING',
  PlaceholderUnbound: 'QT_PLACEHOLDER_UNBOUND',
  ServiceUnknown: 'QT_SERVICE_UNKNOWN',
  ServiceInput: 'QT_SERVICE_INPUT',
  DelayUnset: 'QT_DELAY_UNSET',
  BareMachine: 'QT_BARE_MACHINE',
  SummaryFieldUnknown: 'QT_SUMMARY_FIELD_UNKNOWN',
  AssignNotStateRole: 'QT_ASSIGN_NOT_STATE_ROLE',
  AssignsNoStep: 'QT_ASSIGNS_NO_STEP',
  DeadlineFieldUnknown: 'QT_DEADLINE_FIELD_UNKNOWN',
  DeadlineFieldType: 'QT_DEADLINE_FIELD_TYPE',
  FieldLabelMissing: 'QT_FIELD_LABEL_MISSING',
} as const;


const SCHEMA_KEYS_HINT: Record<string, Text> = {
  cond: { vi: 'XState v5 dùng "guard" thay cho "cond" của v4.', en: 'XState v5 uses "guard" instead of v4\'s "cond".' },
  in: { vi: 'Dùng điều kiện { "type": "inState" } thay cho "in".', en: 'Use the guard { "type": "inState" } instead of "in".' },
  onEntry: { vi: 'XState v5 dùng "entry" thay cho "onEntry" của v4.', en: 'XState v5 uses "entry" instead of v4\'s "onEntry".' },
  onExit: { vi: 'XState v5 dùng "exit" thay cho "onExit" của v4.', en: 'XState v5 uses "exit" instead of v4\'s "onExit".' },
  parallel: { vi: 'XState v5 viết "type": "parallel".', en: 'XState v5 writes "type": "parallel".' },
};

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

const KNOWN_KEYS = ['type', 'initial', 'states', 'on', 'after', 'always', 'onDone', 'entry', 'exit', 'tags', 'description', 'history', 'target', 'meta', 'guard', 'actions', 'reenter', 'label', 'roles', 'form', 'title', 'instructions', 'sla', 'id', 'invoke', 'src', 'input', 'onError'];

function schemaMessage(err: ErrorObject): { path: string; message: Text } {
  const path = err.instancePath;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      const hint = SCHEMA_KEYS_HINT[key];
      const near = KNOWN_KEYS.find((k) => levenshtein(k, key) <= 1 && k !== key);
      const extra = hint ?? (near ? { vi: `Có phải ý bạn là "${near}"?`, en: `Did you mean "${near}"?` } : { vi: 'Hãy xóa khóa này.', en: 'Remove this key.' });
      return {
        path: `${path}/${escapePointer(key)}`,
        message: { vi: `Khóa "${key}" không được phép ở đây. ${extra.vi}`, en: `Key "${key}" is not allowed here. ${extra.en}` },
      };
    }
    case 'required': {
      const key = String((err.params as { missingProperty: string }).missingProperty);
      return {
        path: `${path}/${escapePointer(key)}`,
        message: { vi: `Thiếu mục bắt buộc "${key}". Hãy bổ sung.`, en: `Required "${key}" is missing. Add it.` },
      };
    }
    case 'enum':
      return {
        path,
        message: {
          vi: `Giá trị không hợp lệ; chỉ chấp nhận: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}.`,
          en: `Invalid value; allowed: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}.`,
        },
      };
    case 'type':
      return {
        path,
        message: { vi: `Sai kiểu dữ liệu: cần ${(err.params as { type: string }).type}.`, en: `Wrong type: expected ${(err.params as { type: string }).type}.` },
      };
    case 'propertyNames':
    case 'pattern':
      return {
        path,
        message: {
          vi: `Tên hoặc giá trị không đúng quy ước (${err.message}). Trạng thái viết thường_gạch_dưới, sự kiện VIẾT_HOA.`,
          en: `Name or value does not follow the convention (${err.message}). States are lower_snake_case, events UPPER_SNAKE_CASE.`,
        },
      };
    default:
      return { path, message: { vi: `Không hợp lệ: ${err.message}.`, en: `Invalid: ${err.message}.` } };
  }
}

/** Ajv reports every failing branch of a oneOf; keep the errors that say something. */
export function schemaProblems(errors: ErrorObject[]): ValidationProblem[] {
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'type', 'if'].includes(e.keyword));
  const deepest = new Set(specific.map((e) => e.instancePath));
  const kept = errors.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      return ![...deepest].some((p) => p === e.instancePath || p.startsWith(`${e.instancePath}/`));
    }
    if (e.keyword === 'type') return ![...deepest].some((p) => p === e.instancePath || p.startsWith(`${e.instancePath}/`));
    // An object written where a string would do fails the string branch; the object branch speaks.
    return true;
  });
  const out: ValidationProblem[] = [];
  for (const e of kept) {
    const { path, message } = schemaMessage(e);
    if (!out.some((o) => o.path === path && o.message.en === message.en)) {
      out.push({ path, code: ProblemCode.Schema, severity: 'error', message });
    }
  }
  return out;
}
