import { defineSample, send, lead, liaison, secretariat } from '../../sample.ts';
import { toDeciding } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Referred to the provincial police; a malformed report number is refused.',
  steps: [
    ...toDeciding,
    send(
      lead,
      'REFER',
      { referredTo: 'provincial_police', referralNote: 'Có dấu hiệu tội lừa đảo chiếm đoạt tài sản (Điều 174 Bộ luật Hình sự).' },
      { state: 'referred' },
    ),
    send(liaison, 'REFERRAL_ACKNOWLEDGED', { acknowledgementReference: '312/CAT-PA05', acknowledgedAt: '2024-05-08' }, { state: 'reporting_back' }),
    send(secretariat, 'SUBMIT_REPORT', { reportNumber: 'BC 15', summary: 'Đã chuyển Công an tỉnh xử lý theo thẩm quyền.' }, { rejected: 'QT_FORM_INVALID' }),
    send(secretariat, 'SUBMIT_REPORT', { reportNumber: '16-BC/BTGTU', summary: 'Đã chuyển Công an tỉnh xử lý theo thẩm quyền.' }, { state: 'done' }),
  ],
  finalState: 'done',
});
