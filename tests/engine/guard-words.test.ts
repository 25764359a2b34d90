// A refused action says why in words an official reads: fields, steps and roles by their titles,
// never "(field=evidence, min=1)".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEvent, describeGuard, guardNames, startCase } from '../../engine/index.ts';
import type { Form, Procedure } from '../../engine/types.ts';

const reference = JSON.parse(readFileSync(new URL('../../workflows/harmful-content.json', import.meta.url), 'utf8')) as Procedure;
const submit = reference.machine.states!.detected!.on!.SUBMIT as unknown as { meta: { form: Form; label: { en: string } } };
const names = guardNames(reference, submit.meta.form);

describe('guards in words', () => {
  it('names fields by their labels, steps by their action titles, roles by their titles', () => {
    expect(describeGuard({ type: 'minAttachments', params: { field: 'additionalEvidence', min: 1 } }, names).vi).toMatch(/^có ít nhất 1 tệp ở “[^”]+”$/);
    expect(describeGuard({ type: 'minAttachments', params: { field: 'additionalEvidence', min: 1 } }, names).vi).not.toContain('additionalEvidence');
    expect(describeGuard({ type: 'notSameActorAs', params: { step: 'SUBMIT' } }, names)).toEqual({
      vi: 'người làm không phải người đã “Chuyển xác minh”',
      en: `someone other than who did “${submit.meta.label.en}”`,
    });
    expect(describeGuard({ type: 'actorHasRole', params: { role: 'lead' } }, names).vi).toBe('người làm có vai trò “Lãnh đạo Ban Chỉ đạo”');
    expect(describeGuard({ type: 'inState', params: { state: 'removal.following_up' } }, names).vi).toBe('hồ sơ đang ở bước “Theo dõi kết quả gỡ bỏ”');
    expect(describeGuard({ type: 'not', params: { guard: { type: 'fieldPresent', params: { field: 'nothing' } } } }).vi).toBe('không (“nothing” đã được điền)');
  });

  it('tells the official who recorded a case why they cannot confirm it themselves', () => {
    const monitor = { id: 'u-monitor', roles: ['monitor', 'verifier'], unitId: null };
    const now = new Date('2026-12-01T08:00:00Z');
    const opened = startCase(reference, { urls: ['https://example.com/post/1'], platform: 'facebook', category: 'fraud', description: 'Nội dung lừa đảo chiếm đoạt tài sản', evidence: ['a1'] } as never, monitor, now);
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const sent = applyEvent(reference, opened.state, { type: 'SUBMIT', data: {} }, monitor, now);
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    const own = applyEvent(reference, sent.state, { type: 'CONFIRM', data: { legalBasis: ['decree_15_2020'], severity: 'high', verificationNote: 'Vi phạm điểm a khoản 1 Điều 101 Nghị định số 15/2020/NĐ-CP.' } }, monitor, now);
    expect(own.ok).toBe(false);
    const message = (own as { rejection: { message: { vi: string } } }).rejection.message.vi;
    expect(message).toContain('người làm không phải người đã “Chuyển xác minh”');
    expect(message).not.toMatch(/step=|SUBMIT|OPEN/);
  });
});
