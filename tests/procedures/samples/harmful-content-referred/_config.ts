import { defineSample, lead, liaison, secretariat } from '../../sample.ts';
import { hc } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Referred to the provincial police; a malformed report number is refused.',
  steps: [
    hc.open,
    hc.submit,
    hc.confirm,
    {
      actor: lead,
      event: {
        type: 'REFER',
        data: { referredTo: 'provincial_police', referralNote: 'Có dấu hiệu tội lừa đảo chiếm đoạt tài sản (Điều 174 Bộ luật Hình sự).' },
      },
      expect: { state: 'referred' },
    },
    {
      actor: liaison,
      event: { type: 'REFERRAL_ACKNOWLEDGED', data: { acknowledgementReference: '312/CAT-PA05', acknowledgedAt: '2024-05-08' } },
      expect: { state: 'reporting_back' },
    },
    {
      actor: secretariat,
      event: { type: 'SUBMIT_REPORT', data: { reportNumber: 'BC 15', summary: 'Đã chuyển Công an tỉnh xử lý theo thẩm quyền.' } },
      expect: { rejected: 'QT_FORM_INVALID' },
    },
    {
      actor: secretariat,
      event: { type: 'SUBMIT_REPORT', data: { reportNumber: '16-BC/BTGTU', summary: 'Đã chuyển Công an tỉnh xử lý theo thẩm quyền.' } },
      expect: { state: 'done' },
    },
  ],
  finalState: 'done',
});
