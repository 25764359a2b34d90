import { defineSample, send, wait, lead, liaison } from '../../sample.ts';
import { hc, toFollowingUp } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'The platform does not act: the case turns overdue after 7 days, is escalated (timer re-armed), turns overdue again, and the platform refuses.',
  steps: [
    ...toFollowingUp,
    wait('P6D', { state: 'removal.following_up', overdue: false }),
    wait('P2D', { state: 'removal.overdue' }),
    send(
      lead,
      'ESCALATE',
      { escalationNote: 'Đã đề nghị Cục Phát thanh, truyền hình và thông tin điện tử yêu cầu nền tảng gỡ bỏ.' },
      { state: 'removal.following_up' },
    ),
    wait('P8D', { state: 'removal.overdue' }),
    wait('P4D', { state: 'removal.overdue', overdue: true }),
    send(
      liaison,
      'REFUSED',
      { platformResponse: 'Nền tảng cho rằng nội dung không vi phạm tiêu chuẩn cộng đồng.', respondedAt: '2024-05-20' },
      { state: 'reporting_back' },
    ),
    hc.submitReport,
  ],
  finalState: 'done',
});
