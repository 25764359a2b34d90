import { defineSample, monitor, verifier } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'No evidence at first (refused), more information asked for, then rejected as no violation.',
  steps: [
    {
      actor: monitor,
      open: {
        urls: ['https://www.facebook.com/tinnong.kiengiang24h/posts/1029384756'],
        platform: 'facebook',
        accountName: 'Tin nóng Kiên Giang 24h',
        category: 'defamation',
        description:
          'Trang đăng bài tuyển cộng tác viên “việc nhẹ lương cao”, yêu cầu nộp tiền đặt cọc; nhiều người dân phản ánh bị chiếm đoạt tiền.',
        discoveredAt: '2024-05-02',
        reach: 3400,
        evidence: [],
      },
      expect: { state: 'detected' },
    },
    { actor: monitor, event: { type: 'SUBMIT', data: { submitNote: 'Chuyển xác minh.' } }, expect: { rejected: 'QT_GUARD_REFUSED' } },
    { actor: monitor, event: { type: 'SUBMIT', data: { additionalEvidence: ['att-0101'] } }, expect: { state: 'verifying' } },
    { actor: verifier, event: { type: 'NEED_MORE_INFO', data: {} }, expect: { rejected: 'QT_FORM_INVALID' } },
    {
      actor: verifier,
      event: { type: 'NEED_MORE_INFO', data: { question: 'Đề nghị bổ sung ảnh chụp có thời gian đăng tải.' } },
      expect: { state: 'detected' },
    },
    {
      actor: monitor,
      event: { type: 'SUBMIT', data: { submitNote: 'Thời gian đăng tải: 20 giờ 15 ngày 01-5-2024.' } },
      expect: { state: 'verifying' },
    },
    { actor: verifier, event: { type: 'REJECT', data: { reason: 'ngắn' } }, expect: { rejected: 'QT_FORM_INVALID' } },
    {
      actor: verifier,
      event: { type: 'REJECT', data: { reason: 'Nội dung là ý kiến cá nhân, không có dấu hiệu vi phạm pháp luật.' } },
      expect: { state: 'closed_no_violation' },
    },
  ],
  finalState: 'closed_no_violation',
});
