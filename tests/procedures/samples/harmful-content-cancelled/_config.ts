import { defineSample, send, admin, lead, liaison } from '../../sample.ts';
import { toFollowingUp } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'Cancelled by an administrator from inside the removal sub-steps; only admins may cancel, with a reason; a closed case takes no more events.',
  steps: [
    ...toFollowingUp,
    send(lead, 'CANCEL', { reason: 'Hồ sơ trùng với hồ sơ đã tiếp nhận.' }, { rejected: 'QT_ROLE_NOT_ALLOWED' }),
    send(admin, 'CANCEL', { reason: 'x' }, { rejected: 'QT_FORM_INVALID' }),
    send(admin, 'CANCEL', { reason: 'Hồ sơ trùng với hồ sơ đã tiếp nhận trước đó.' }, { state: 'cancelled' }),
    send(liaison, 'REMOVED', { removedAt: '2024-05-05' }, { rejected: 'QT_CASE_CLOSED' }),
  ],
  finalState: 'cancelled',
});
