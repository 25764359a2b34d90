import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.initial = 'detect'),
  errors: [{ path: '/machine/initial', code: 'QT_INITIAL_UNKNOWN' }],
});
