import { defineSample, send, lead, verifier } from '../../sample.ts';
import { hc, toDeciding } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Answered with counter-information instead of a removal request.',
  steps: [
    ...toDeciding,
    send(verifier, 'COUNTER', { counterPlan: 'Đăng bài phản bác trên Báo Kiên Giang.' }, { rejected: 'QT_ROLE_NOT_ALLOWED' }),
    send(
      lead,
      'COUNTER',
      {
        counterPlan: 'Đăng bài phản bác, cung cấp thông tin chính thống trên Báo Kiên Giang và Cổng thông tin điện tử tỉnh.',
        counterChannels: ['provincial_press', 'official_pages'],
      },
      { state: 'reporting_back' },
    ),
    hc.submitReport,
  ],
  finalState: 'done',
});
