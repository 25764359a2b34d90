import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/removal/states/following_up/after/sevenDays', 'QT_DELAY_UNKNOWN']],
  (p) => (p.machine.states.removal.states.following_up.after = { sevenDays: { target: 'overdue' } }),
);
