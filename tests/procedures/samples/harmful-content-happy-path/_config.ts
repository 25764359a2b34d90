import { defineSample, monitor, monitorVerifier, verifier, lead, liaison, secretariat } from '../../sample.ts';

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
  description: 'Detected, verified by another person, removal requested, sent, removed, reported to the Standing Committee.',
  steps: [
    { actor: monitor, open: report, expect: { state: 'detected' } },
    {
      actor: verifier,
      event: { type: 'COMMENT', data: { text: 'Đề nghị chụp thêm phần bình luận của người bị hại.' } },
      expect: { state: 'detected' },
    },
    {
      actor: monitor,
      event: { type: 'SUBMIT', data: { additionalEvidence: ['att-0002'], submitNote: 'Đã bổ sung ảnh chụp phần bình luận.' } },
      expect: { state: 'verifying' },
    },
    {
      actor: monitorVerifier,
      event: {
        type: 'CONFIRM',
        data: {
          legalBasis: 'decree_15_2020',
          severity: 'high',
          verificationNote: 'Vi phạm điểm a khoản 1 Điều 101 Nghị định số 15/2020/NĐ-CP.',
        },
      },
      expect: { rejected: 'QT_GUARD_REFUSED' },
    },
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
      event: { type: 'REQUEST_REMOVAL', data: { platformContact: 'Đại diện Meta tại Việt Nam', deadline: '2024-05-10' } },
      expect: { state: 'removal.requested' },
    },
    {
      actor: monitor,
      event: { type: 'SENT', data: { requestReference: '125/STTTT-TTBCXB', sentAt: '2024-05-03', channel: 'ministry_ict' } },
      expect: { rejected: 'QT_ROLE_NOT_ALLOWED' },
    },
    {
      actor: liaison,
      event: { type: 'SENT', data: { requestReference: '125/STTTT-TTBCXB', sentAt: '2024-05-03', channel: 'ministry_ict' } },
      expect: { state: 'removal.following_up' },
    },
    {
      actor: liaison,
      advance: 'P2D',
      event: { type: 'REMOVED', data: { removedAt: '2024-05-05', outcomeNote: 'Kiểm tra lại: đường dẫn không còn truy cập được.' } },
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
