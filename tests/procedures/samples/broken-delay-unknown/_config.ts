import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.removal.states.following_up.after = { sevenDays: { target: 'overdue' } }),
  errors: [{ path: '/machine/states/removal/states/following_up/after/sevenDays', code: 'QT_DELAY_UNKNOWN' }],
});
