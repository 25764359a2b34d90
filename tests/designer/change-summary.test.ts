// The changes of a version in sentences, by titles: what an administrator reads before publishing.
import { describe, expect, it } from 'vitest';
import harmful from '../../workflows/harmful-content.json' with { type: 'json' };
import type { Procedure } from '../../engine/types.ts';
import { describeChanges } from '../../ui/src/lib/designer/change-summary.ts';
import { diffProcedures } from '../../ui/src/lib/designer/diff.ts';

const base = harmful as unknown as Procedure;
const edit = (change: (p: any) => void): Procedure => {
  const p = structuredClone(base) as any;
  change(p);
  return p;
};
const summary = (after: Procedure, lang: 'vi' | 'en' = 'vi') => describeChanges(diffProcedures(base, after), base, after, lang);

describe('the change summary', () => {
  it('says nothing when nothing changed but the layout', () => {
    expect(summary(edit((p) => (p.layout = {})))).toEqual([]);
  });

  it('names a new deadline, a renamed step and changed roles by their titles', () => {
    const after = edit((p) => {
      p.machine.states.removal.states.following_up.meta.sla = 'P10D';
      p.machine.states.verifying.meta.title.vi = 'Xác minh nội dung';
      p.machine.states.deciding.on.COUNTER.meta.roles = ['lead', 'secretariat'];
    });
    expect(summary(after)).toEqual([
      'Đổi tên bước “Xác minh” thành “Xác minh nội dung”',
      'Thời hạn bước “Theo dõi kết quả gỡ bỏ”: 7 ngày → 10 ngày',
      'Người được làm thao tác “Thông tin phản bác, định hướng”: Lãnh đạo Ban Chỉ đạo → Lãnh đạo Ban Chỉ đạo, Bộ phận tổng hợp (Ban Tuyên giáo và Dân vận Tỉnh ủy)',
    ]);
    expect(summary(after, 'en')[1]).toBe('Deadline of step “Follow up on removal”: 7 days → 10 days'.replace('Follow up on removal', base.machine.states!.removal!.states!.following_up!.meta!.title!.en));
  });

  it('names a step added with its action, and an action taken away', () => {
    const after = edit((p) => {
      p.machine.states.police_check = { meta: { title: { vi: 'Công an xác minh', en: 'Police check' }, roles: ['lead'] }, on: { CHECKED: { target: 'deciding', meta: { label: { vi: 'Đã xác minh', en: 'Checked' }, roles: ['lead'] } } } };
      p.machine.states.deciding.on.POLICE = { target: 'police_check', meta: { label: { vi: 'Nhờ công an xác minh', en: 'Ask the police' }, roles: ['lead'] } };
      delete p.machine.states.deciding.on.REFER;
    });
    const said = summary(after);
    expect(said).toContain('Thêm bước “Công an xác minh”');
    expect(said).toContain('Thêm thao tác “Nhờ công an xác minh” ở bước “Đề xuất xử lý” (chuyển sang “Công an xác minh”)');
    expect(said).toContain('Thêm thao tác “Đã xác minh” ở bước “Công an xác minh” (chuyển sang “Đề xuất xử lý”)');
    expect(said).toContain('Bỏ thao tác “Chuyển cơ quan chức năng” ở bước “Đề xuất xử lý”');
    // no code, pointer or raw duration in any sentence
    for (const s of said) expect(s).not.toMatch(/police_check|\/machine|REFER|P\d+D/);
  });

  it('says where an action now leads, and changes outside the steps in plain words', () => {
    const after = edit((p) => {
      p.machine.states.verifying.on.NEED_MORE_INFO.target = 'deciding';
      p.start.form.schema.properties.urls.maxItems = 30;
      p.title.vi = 'Quy trình mới';
    });
    const said = summary(after);
    expect(said).toContain('Thao tác “Đề nghị bổ sung thông tin” nay chuyển sang “Đề xuất xử lý” (trước là “Phát hiện”)');
    expect(said).toContain('Sửa biểu mẫu ghi nhận ban đầu');
    expect(said).toContain('Đổi tên quy trình');
  });
});
