import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/meta/roles/0', 'QT_ROLE_UNDECLARED']],
  (p) => (p.machine.states.verifying.meta.roles = ['inspector']),
);
