import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.CONFIRM.guard.params.guards[1].type = 'notSameUserAs'),
  errors: [{ path: '/machine/states/verifying/on/CONFIRM/guard/params/guards/1', code: 'QT_GUARD_UNKNOWN' }],
});
