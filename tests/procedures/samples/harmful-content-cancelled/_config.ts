import { defineSample, admin, lead, liaison } from '../../sample.ts';
import { hc } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description:
    'Cancelled by an administrator from inside the removal sub-steps; only admins may cancel, with a reason; a closed case takes no more events.',
  steps: [
    hc.open,
    hc.submit,
    hc.confirm,
    hc.requestRemoval,
    hc.sent,
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
