import { broken } from '../../sample.ts';

// without its timer, following_up never becomes overdue
export default broken(
  'harmful-content',
  [['/machine/states/removal/states/overdue', 'QT_STATE_UNREACHABLE']],
  (p) => delete p.machine.states.removal.states.following_up.after,
);
