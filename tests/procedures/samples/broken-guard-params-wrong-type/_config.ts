import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.detected.on.SUBMIT.guard.params.guards[0].params.min = 'one'),
  errors: [{ path: '/machine/states/detected/on/SUBMIT/guard/params/guards/0/params', code: 'QT_GUARD_PARAMS' }],
});
