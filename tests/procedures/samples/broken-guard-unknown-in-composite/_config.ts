import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/CONFIRM/guard/params/guards/1', 'QT_GUARD_UNKNOWN']],
  (p) => (p.machine.states.verifying.on.CONFIRM.guard.params.guards[1].type = 'notSameUserAs'),
);
