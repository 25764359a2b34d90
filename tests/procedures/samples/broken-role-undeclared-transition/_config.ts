import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/CONFIRM/meta/roles/1', 'QT_ROLE_UNDECLARED']],
  (p) => (p.machine.states.verifying.on.CONFIRM.meta.roles = ['verifier', 'inspector']),
);
