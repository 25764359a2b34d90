import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/removal/states/following_up/meta/sla', 'QT_DURATION_INVALID']],
  (p) => (p.machine.states.removal.states.following_up.meta.sla = 'P7'),
);
