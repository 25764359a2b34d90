import { defineSample, lead, liaison, monitor, monitorVerifier, verifier } from '../../sample.ts';
import { hc } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Detected, verified by another person, removal requested, sent, removed, reported to the Standing Committee.',
  steps: [
    hc.open,
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
    hc.confirm,
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
    hc.sent,
    {
      actor: liaison,
      advance: 'P2D',
      event: { type: 'REMOVED', data: { removedAt: '2024-05-05', outcomeNote: 'Kiểm tra lại: đường dẫn không còn truy cập được.' } },
      expect: { state: 'reporting_back' },
    },
    hc.submitReport,
  ],
  finalState: 'done',
});
