import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.REJECT.guard = { type: 'fieldPresent', params: { source: 'form' } }),
  errors: [{ path: '/machine/states/verifying/on/REJECT/guard/params', code: 'QT_GUARD_PARAMS' }],
});
