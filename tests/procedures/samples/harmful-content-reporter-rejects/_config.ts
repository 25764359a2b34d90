import { defineSample, open, send, monitorVerifier, verifier } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'A verifier who reported the content cannot close it as no violation (four-eyes); another verifier can.',
  steps: [
    open(
      monitorVerifier,
      {
        urls: ['https://www.tiktok.com/@tin.nong.24h/video/7351234567890'],
        platform: 'tiktok',
        category: 'false_information',
        description: 'Video cho rằng nước máy của thành phố bị nhiễm độc, kêu gọi người dân tích trữ nước đóng chai.',
        discoveredAt: '2024-06-11',
        evidence: ['att-0301'],
      },
      { state: 'detected' },
    ),
    send(monitorVerifier, 'SUBMIT', {}, { state: 'verifying' }),
    send(monitorVerifier, 'REJECT', { reason: 'Tôi tự xem lại thấy nội dung không vi phạm.' }, { rejected: 'QT_GUARD_REFUSED' }),
    send(verifier, 'REJECT', { reason: 'Cơ quan cấp nước đã xác nhận nguồn nước đạt chuẩn; video là ý kiến cá nhân.' }, { state: 'closed_no_violation' }),
  ],
  finalState: 'closed_no_violation',
});
