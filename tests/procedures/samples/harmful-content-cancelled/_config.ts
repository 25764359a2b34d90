import { defineSample, monitor, verifier, lead, liaison, admin } from '../../sample.ts';

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
    'Cancelled by an administrator from inside the removal sub-steps; only admins may cancel, with a reason; a closed case takes no more events.',
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
    {
      actor: lead,
      event: { type: 'CANCEL', data: { reason: 'Hồ sơ trùng với hồ sơ đã tiếp nhận.' } },
      expect: { rejected: 'QT_ROLE_NOT_ALLOWED' },
    },
    { actor: admin, event: { type: 'CANCEL', data: { reason: 'x' } }, expect: { rejected: 'QT_FORM_INVALID' } },
    {
      actor: admin,
      event: { type: 'CANCEL', data: { reason: 'Hồ sơ trùng với hồ sơ đã tiếp nhận trước đó.' } },
      expect: { state: 'cancelled' },
    },
    { actor: liaison, event: { type: 'REMOVED', data: { removedAt: '2024-05-05' } }, expect: { rejected: 'QT_CASE_CLOSED' } },
  ],
  finalState: 'cancelled',
});
