import { defineSample, lead, verifier } from '../../sample.ts';
import { hc } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Answered with counter-information instead of a removal request.',
  steps: [
    hc.open,
    hc.submit,
    hc.confirm,
    {
      actor: verifier,
      event: { type: 'COUNTER', data: { counterPlan: 'Đăng bài phản bác trên Báo Kiên Giang.' } },
      expect: { rejected: 'QT_ROLE_NOT_ALLOWED' },
    },
    {
      actor: lead,
      event: {
        type: 'COUNTER',
        data: {
          counterPlan: 'Đăng bài phản bác, cung cấp thông tin chính thống trên Báo Kiên Giang và Cổng thông tin điện tử tỉnh.',
          counterChannels: ['provincial_press', 'official_pages'],
        },
      },
      expect: { state: 'reporting_back' },
    },
    hc.submitReport,
  ],
  finalState: 'done',
});
