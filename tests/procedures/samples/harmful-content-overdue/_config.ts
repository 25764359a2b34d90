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
  description:
    'The platform does not act: the case turns overdue after 7 days, is escalated (timer re-armed), turns overdue again, and the platform refuses.',
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
        type: 'REQUEST_REMOVAL',
        data: { platformContact: 'Đại diện Meta tại Việt Nam', deadline: '2024-05-10', removalInstructions: 'Đề nghị gỡ bỏ trong 24 giờ.' },
      },
      expect: { state: 'removal.requested' },
    },
    {
      actor: liaison,
      event: { type: 'SENT', data: { requestReference: '125/STTTT-TTBCXB', sentAt: '2024-05-03', channel: 'ministry_ict' } },
      expect: { state: 'removal.following_up' },
    },
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
