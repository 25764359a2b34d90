// The server's 422 `details` ([{field, message}], the message in the validator's English) as the
// reader sees them: the field's label and a sentence in their language, never a raw key.
import type { Form } from '../../../../engine/types.ts';
import type { Lang } from '../i18n/index.ts';
import { fieldLabel } from './mapping.ts';

export interface ServerProblem {
  field?: string;
  message: string;
}

export interface ShownProblem {
  /** the form's field (first path segment), or null for the form as a whole */
  field: string | null;
  label: string;
  message: string;
}

/** The form field a detail names: `body/data/urls/0`, `/urls`, `urls` → `urls`. */
export function problemField(field: string | undefined): string | null {
  if (!field) return null;
  const parts = field.replace(/^body\//, '').replace(/^data\//, '').split('/').filter(Boolean);
  return parts[0] ?? null;
}

type Rule = [RegExp, (m: RegExpMatchArray) => { vi: string; en: string }];
const RULES: Rule[] = [
  [/required property/, () => ({ vi: 'Bắt buộc nhập', en: 'Required' })],
  [/fewer than 1 characters/, () => ({ vi: 'Bắt buộc nhập', en: 'Required' })],
  [/fewer than (\d+) characters/, (m) => ({ vi: `Ít nhất ${m[1]} ký tự`, en: `At least ${m[1]} characters` })],
  [/more than (\d+) characters/, (m) => ({ vi: `Tối đa ${m[1]} ký tự`, en: `At most ${m[1]} characters` })],
  [/fewer than (\d+) items/, (m) => ({ vi: `Cần ít nhất ${m[1]} mục`, en: `At least ${m[1]} item(s) needed` })],
  [/more than (\d+) items/, (m) => ({ vi: `Tối đa ${m[1]} mục`, en: `At most ${m[1]} items` })],
  [/format "ur[il]/, () => ({ vi: 'Cần một địa chỉ URL đầy đủ (https://…)', en: 'A full URL is needed (https://…)' })],
  [/format "date/, () => ({ vi: 'Ngày không hợp lệ', en: 'Invalid date' })],
  [/allowed values|equal to one of/, () => ({ vi: 'Hãy chọn một giá trị trong danh sách', en: 'Choose a value from the list' })],
  [/must be >= (\S+)/, (m) => ({ vi: `Không nhỏ hơn ${m[1]}`, en: `Must be at least ${m[1]}` })],
  [/must be <= (\S+)/, (m) => ({ vi: `Không lớn hơn ${m[1]}`, en: `Must be at most ${m[1]}` })],
  [/must match pattern/, () => ({ vi: 'Không đúng định dạng', en: 'Wrong format' })],
  [/additional propert/, () => ({ vi: 'Trường này không có trong biểu mẫu', en: 'This field is not in the form' })],
  [/must be (string|integer|number|boolean|array|object)/, () => ({ vi: 'Giá trị không hợp lệ', en: 'Invalid value' })],
];

/** A detail's message in the reader's language (a message already in words is kept). */
export function problemMessage(message: string, lang: Lang): string {
  for (const [re, make] of RULES) {
    const m = message.match(re);
    if (m) return make(m)[lang];
  }
  return message;
}

/** Each detail with its field's label and a localized message; the form's order, then the rest. */
export function showProblems(form: Form | null | undefined, problems: ServerProblem[], lang: Lang): ShownProblem[] {
  const order = Object.keys((form?.schema.properties as Record<string, unknown>) ?? {});
  const ui = form?.ui?.order ?? [];
  const rank = (f: string | null) => {
    if (f === null) return -1;
    const i = ui.indexOf(f);
    return i >= 0 ? i : ui.length + (order.indexOf(f) >= 0 ? order.indexOf(f) : order.length);
  };
  return problems
    .map((p) => {
      const field = problemField(p.field);
      return { field, label: field ? fieldLabel(form, field, lang) : '', message: problemMessage(p.message, lang) };
    })
    .sort((a, b) => rank(a.field) - rank(b.field));
}
