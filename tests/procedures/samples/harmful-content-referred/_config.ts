import { defineSample, monitor, verifier, lead, liaison, secretariat } from '../../sample.ts';

const report = {
  urls: ['https://www.facebook.com/tinnong.kiengiang24h/posts/1029384756'],
  platform: 'facebook',
  accountName: 'Tin nóng Kiên Giang 24h',
  category: 'fraud',
  description:
    'Trang đăng bài tuyển cộng tác viên “việc nhẹ lương cao”, yêu cầu nộp tiền đặt cọc; nhiều người dân phản ánh bị chiếm đoạt tiền.',
  discoveredAt: '2024-05-02',
  reach: 3400,
  evidence: ['att-0001'],
};

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Referred to the provincial police; a malformed report number is refused.',
  steps: [
    { actor: monitor, open: report, expect: { state: 'detected' } },
    { actor: monitor, event: { type: 'SUBMIT', data: {} }, expect: { state: 'verifying' } },
    {
      actor: verifier,
      event: {
        type: 'CONFIRM',
        data: {
          legalBasis: 'decree_15_2020',
          severity: 'high',
          verificationNote: 'Vi phạm điểm a khoản 1 Điều 101 Nghị định số 15/2020/NĐ-CP.',
        },
      },
      expect: { state: 'deciding' },
    },
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
