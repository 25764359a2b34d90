import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/meta/sla', 'QT_DURATION_INVALID']],
  (p) => (p.machine.states.verifying.meta.sla = '48 giờ'),
);
