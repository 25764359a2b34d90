import { describe, expect, it } from 'vitest';
import { auditText, type AuditWords } from '../../ui/src/features/case/audit-text.ts';
import { vi as messages } from '../../ui/src/lib/i18n/vi.ts';

const fill = (key: string, values: Record<string, string> = {}) => {
  const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages) as string;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
};
const words: AuditWords = {
  t: fill,
  txt: (x) => x?.vi ?? '',
  state: (p) => ({ verifying: 'Đang xác minh', deciding: 'Chờ lãnh đạo quyết định' })[p] ?? p,
  action: (type) => (type === 'CONFIRM' ? { vi: 'Xác nhận vi phạm', en: 'Confirm' } : null),
};

describe('audit rows in words', () => {
  it('names actions and steps by their titles, never by key', () => {
    const row = (action: string, detail: Record<string, unknown>, actor = 'u1') => auditText({ action, actor: { id: actor }, detail }, words);
    expect(row('case.event', { type: 'CONFIRM', from: 'verifying', to: 'deciding' })).toBe('Xác nhận vi phạm: Đang xác minh → Chờ lãnh đạo quyết định');
    expect(row('case.opened', { state: 'verifying' })).toBe('Mở hồ sơ (bước: Đang xác minh)');
    expect(row('case.assignee', { from: null, to: 'u1' })).toBe('Nhận hồ sơ');
    expect(row('case.assignee', { from: 'u1', to: null })).toBe('Trả lại hồ sơ');
    expect(row('case.assignee', { from: null, to: 'u2' })).toBe('Giao hồ sơ cho cán bộ khác');
    expect(row('attachment.uploaded', { filename: 'anh.png' })).toBe('Tải lên tệp anh.png');
    expect(row('something.new', {})).not.toMatch(/something/);
    // a step's deadline passing (the server's own event): which step, not `quytrinh.sla`
    expect(row('case.event', { type: 'quytrinh.sla', from: 'deciding', to: 'deciding' }, 'system')).toBe('Quá thời hạn của bước Chờ lãnh đạo quyết định');
  });
});
