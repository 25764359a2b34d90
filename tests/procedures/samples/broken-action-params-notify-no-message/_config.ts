import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/removal/states/overdue/entry/0/params', 'QT_ACTION_PARAMS']],
  (p) => delete p.machine.states.removal.states.overdue.entry[0].params.message,
);
