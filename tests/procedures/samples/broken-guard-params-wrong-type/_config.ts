import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/detected/on/SUBMIT/guard/params/guards/0/params', 'QT_GUARD_PARAMS']],
  (p) => (p.machine.states.detected.on.SUBMIT.guard.params.guards[0].params.min = 'one'),
);
