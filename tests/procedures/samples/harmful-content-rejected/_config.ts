import { defineSample, open, send, monitor, verifier } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'No evidence at first (refused), more information asked for, then rejected as no violation.',
  steps: [
    open(
      monitor,
      {
        urls: ['https://www.facebook.com/tinnong.kiengiang24h/posts/1029384756'],
        platform: 'facebook',
        accountName: 'Tin nóng Kiên Giang 24h',
        category: 'defamation',
        description: 'Trang đăng bài tuyển cộng tác viên “việc nhẹ lương cao”, yêu cầu nộp tiền đặt cọc; nhiều người dân phản ánh bị chiếm đoạt tiền.',
        discoveredAt: '2024-05-02',
        reach: 3400,
        evidence: [],
      },
      { state: 'detected' },
    ),
    send(monitor, 'SUBMIT', { submitNote: 'Chuyển xác minh.' }, { rejected: 'QT_GUARD_REFUSED' }),
    send(monitor, 'SUBMIT', { additionalEvidence: ['att-0101'] }, { state: 'verifying' }),
    send(verifier, 'NEED_MORE_INFO', {}, { rejected: 'QT_FORM_INVALID' }),
    send(verifier, 'NEED_MORE_INFO', { question: 'Đề nghị bổ sung ảnh chụp có thời gian đăng tải.' }, { state: 'detected' }),
    send(monitor, 'SUBMIT', { submitNote: 'Thời gian đăng tải: 20 giờ 15 ngày 01-5-2024.' }, { state: 'verifying' }),
    send(verifier, 'REJECT', { reason: 'ngắn' }, { rejected: 'QT_FORM_INVALID' }),
    send(verifier, 'REJECT', { reason: 'Nội dung là ý kiến cá nhân, không có dấu hiệu vi phạm pháp luật.' }, { state: 'closed_no_violation' }),
  ],
  finalState: 'closed_no_violation',
});
