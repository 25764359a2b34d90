import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.meta.roles = ['inspector']),
  errors: [{ path: '/machine/states/verifying/meta/roles/0', code: 'QT_ROLE_UNDECLARED' }],
});
