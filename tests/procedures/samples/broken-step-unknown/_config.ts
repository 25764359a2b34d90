import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  // four-eyes against a step the procedure never has
  patch: (p) => (p.machine.states.verifying.on.CONFIRM.guard.params.guards[1].params.step = 'REPORT'),
  errors: [{ path: '/machine/states/verifying/on/CONFIRM/guard/params/guards/1/params/step', code: 'QT_STEP_UNKNOWN' }],
});
