import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.meta.sla = '48 giờ'),
  errors: [{ path: '/machine/states/verifying/meta/sla', code: 'QT_DURATION_INVALID' }],
});
