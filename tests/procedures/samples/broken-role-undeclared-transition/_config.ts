import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.CONFIRM.meta.roles = ['verifier', 'inspector']),
  errors: [{ path: '/machine/states/verifying/on/CONFIRM/meta/roles/1', code: 'QT_ROLE_UNDECLARED' }],
});
