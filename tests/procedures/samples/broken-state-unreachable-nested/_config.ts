import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  // without its timer, following_up never becomes overdue
  patch: (p) => delete p.machine.states.removal.states.following_up.after,
  errors: [{ path: '/machine/states/removal/states/overdue', code: 'QT_STATE_UNREACHABLE' }],
});
