import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/removal/states/requested', 'QT_STATE_NO_ACTOR']],
  (p) => delete p.machine.states.removal.states.requested.on.SENT.meta.roles,
);
