import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.removal.initial = 'request'),
  errors: [{ path: '/machine/states/removal/initial', code: 'QT_INITIAL_UNKNOWN' }],
});
