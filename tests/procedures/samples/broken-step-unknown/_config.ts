import { broken } from '../../sample.ts';

// four-eyes against a step the procedure never has
export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/CONFIRM/guard/params/guards/1/params/step', 'QT_STEP_UNKNOWN']],
  (p) => (p.machine.states.verifying.on.CONFIRM.guard.params.guards[1].params.step = 'REPORT'),
);
