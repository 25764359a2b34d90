// @sjsf/form ships English and Russian; Vietnamese overrides the few labels officials see.
import { translation as en } from '@sjsf/form/translations/en';
import { overrideByRecord } from '@sjsf/form/lib/resolver';
import type { Translation } from '@sjsf/form';
import type { Lang } from '../i18n/index.ts';

const vi = overrideByRecord(en, {
  submit: 'Gửi',
  yes: 'Có',
  no: 'Không',
  'add-array-item': 'Thêm',
  'copy-array-item': 'Sao chép',
  'move-array-item-down': 'Xuống',
  'move-array-item-up': 'Lên',
  'remove-array-item': 'Xoá',
  'remove-object-property': 'Xoá',
  'add-object-property': 'Thêm thuộc tính',
  edit: 'Sửa',
  clear: 'Xoá',
  expand: 'Mở rộng',
  'additional-property': 'Thuộc tính bổ sung',
}) as unknown as Translation;

export function sjsfTranslation(lang: Lang): Translation {
  return lang === 'en' ? en : vi;
}
