// How the validator names what it speaks of, and the one answer to a bare XState machine.
import type { ValidationProblem } from './types.ts';

/** A name as a person reads it: never "[object Object]". */
export function nameOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') return (value as { type: string }).type;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A machine config given where a procedure file belongs. */
export function isBareMachine(file: unknown): boolean {
  if (!file || typeof file !== 'object' || Array.isArray(file)) return false;
  const f = file as Record<string, unknown>;
  return !('machine' in f) && !!f.states && typeof f.states === 'object';
}

export function bareMachineProblem(code: string): ValidationProblem {
  return {
    path: '',
    code,
    severity: 'error',
    message: {
      vi: 'Đây là một máy trạng thái XState, chưa phải tệp quy trình. Hãy dùng "Nhập máy trạng thái XState" (hoặc npm run import) để biến nó thành bản nháp quy trình.',
      en: 'This is an XState machine, not a procedure file. Use "Import an XState machine" (or npm run import) to turn it into a draft procedure.',
    },
  };
}
