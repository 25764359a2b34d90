import { defineSample, send, lead, liaison, monitor, monitorVerifier, verifier } from '../../sample.ts';
import { hc } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Detected, verified by another person, removal requested, sent, removed, reported to the Standing Committee.',
  steps: [
    hc.open,
    send(verifier, 'COMMENT', { text: 'Đề nghị chụp thêm phần bình luận của người bị hại.' }, { state: 'detected' }),
    send(monitor, 'SUBMIT', { additionalEvidence: ['att-0002'], submitNote: 'Đã bổ sung ảnh chụp phần bình luận.' }, { state: 'verifying' }),
    send(
      monitorVerifier,
      'CONFIRM',
      { legalBasis: ['decree_15_2020'], severity: 'high', verificationNote: 'Vi phạm điểm a khoản 1 Điều 101 Nghị định số 15/2020/NĐ-CP.' },
      { rejected: 'QT_GUARD_REFUSED' },
    ),
    hc.confirm,
    send(lead, 'REQUEST_REMOVAL', { platformContact: 'Đại diện Meta tại Việt Nam', deadline: '2024-05-10' }, { state: 'removal.requested' }),
    send(monitor, 'SENT', { requestReference: '125/STTTT-TTBCXB', sentAt: '2024-05-03', channel: 'ministry_ict' }, { rejected: 'QT_ROLE_NOT_ALLOWED' }),
    hc.sent,
    { advance: 'P2D', ...send(liaison, 'REMOVED', { removedAt: '2024-05-05', outcomeNote: 'Kiểm tra lại: đường dẫn không còn truy cập được.' }, { state: 'reporting_back' }) },
    hc.submitReport,
  ],
  finalState: 'done',
});
