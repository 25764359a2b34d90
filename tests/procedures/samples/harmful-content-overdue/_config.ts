import { defineSample, lead, liaison } from '../../sample.ts';
import { hc } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description:
    'The platform does not act: the case turns overdue after 7 days, is escalated (timer re-armed), turns overdue again, and the platform refuses.',
  steps: [
    hc.open,
    hc.submit,
    hc.confirm,
    hc.requestRemoval,
    hc.sent,
    { advance: 'P6D', expect: { state: 'removal.following_up', overdue: false } },
    { advance: 'P2D', expect: { state: 'removal.overdue' } },
    {
      actor: lead,
      event: {
        type: 'ESCALATE',
        data: { escalationNote: 'Đã đề nghị Cục Phát thanh, truyền hình và thông tin điện tử yêu cầu nền tảng gỡ bỏ.' },
      },
      expect: { state: 'removal.following_up' },
    },
    { advance: 'P8D', expect: { state: 'removal.overdue' } },
    { advance: 'P4D', expect: { state: 'removal.overdue', overdue: true } },
    {
      actor: liaison,
      event: {
        type: 'REFUSED',
        data: { platformResponse: 'Nền tảng cho rằng nội dung không vi phạm tiêu chuẩn cộng đồng.', respondedAt: '2024-05-20' },
      },
      expect: { state: 'reporting_back' },
    },
    hc.submitReport,
  ],
  finalState: 'done',
});
