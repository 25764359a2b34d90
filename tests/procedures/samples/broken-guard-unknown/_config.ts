import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.REJECT.guard = { type: 'reasonGiven', params: { field: 'reason' } }),
  errors: [{ path: '/machine/states/verifying/on/REJECT/guard', code: 'QT_GUARD_UNKNOWN' }],
});
