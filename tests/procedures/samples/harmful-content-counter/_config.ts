import { defineSample, monitor, verifier, lead, secretariat } from '../../sample.ts';

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
  description: 'Answered with counter-information instead of a removal request.',
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
    {
      actor: secretariat,
      event: {
        type: 'SUBMIT_REPORT',
        data: {
          reportNumber: '15-BC/BTGTU',
          reportDate: '2024-05-31',
          summary: 'Đã yêu cầu gỡ bỏ và theo dõi kết quả xử lý; tổng hợp vào báo cáo tháng 5/2024.',
        },
      },
      expect: { state: 'done' },
    },
  ],
  finalState: 'done',
});
