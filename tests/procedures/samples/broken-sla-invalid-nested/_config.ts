import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.removal.states.following_up.meta.sla = 'P7'),
  errors: [{ path: '/machine/states/removal/states/following_up/meta/sla', code: 'QT_DURATION_INVALID' }],
});
