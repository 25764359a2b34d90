// The validator's messages are English only; officials read Vietnamese. Rewrites the usual ones.
import type { SchemaError } from '../../../../engine/index.ts';
import type { Lang } from '../i18n/index.ts';

type Params = Record<string, unknown>;
const MESSAGES: Record<string, (p: Params) => { vi: string; en: string }> = {
  required: () => ({ vi: 'Bắt buộc nhập', en: 'Required' }),
  minLength: (p) =>
    Number(p.limit) === 1
      ? { vi: 'Bắt buộc nhập', en: 'Required' }
      : { vi: `Ít nhất ${p.limit} ký tự`, en: `At least ${p.limit} characters` },
  maxLength: (p) => ({ vi: `Tối đa ${p.limit} ký tự`, en: `At most ${p.limit} characters` }),
  minItems: (p) => ({ vi: `Cần ít nhất ${p.limit} mục`, en: `At least ${p.limit} item(s) needed` }),
  maxItems: (p) => ({ vi: `Tối đa ${p.limit} mục`, en: `At most ${p.limit} items` }),
  minimum: (p) => ({ vi: `Không nhỏ hơn ${p.limit}`, en: `Must be at least ${p.limit}` }),
  maximum: (p) => ({ vi: `Không lớn hơn ${p.limit}`, en: `Must be at most ${p.limit}` }),
  pattern: () => ({ vi: 'Không đúng định dạng', en: 'Wrong format' }),
  enum: () => ({ vi: 'Hãy chọn một giá trị trong danh sách', en: 'Choose a value from the list' }),
  type: () => ({ vi: 'Giá trị không hợp lệ', en: 'Invalid value' }),
  format: (p) =>
    p.format === 'uri' || p.format === 'url'
      ? { vi: 'Cần một địa chỉ URL đầy đủ (https://…)', en: 'A full URL is needed (https://…)' }
      : p.format === 'date'
        ? { vi: 'Ngày không hợp lệ', en: 'Invalid date' }
        : { vi: 'Không đúng định dạng', en: 'Wrong format' },
};

export function localizeErrors<E extends Pick<SchemaError, 'keyword' | 'params' | 'message'>>(errors: E[], lang: Lang): E[] {
  return errors.map((e) => {
    const make = MESSAGES[e.keyword];
    return make ? { ...e, message: make((e.params ?? {}) as Params)[lang] } : e;
  });
}
