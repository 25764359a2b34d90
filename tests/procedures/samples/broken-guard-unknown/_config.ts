import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/REJECT/guard', 'QT_GUARD_UNKNOWN']],
  (p) => (p.machine.states.verifying.on.REJECT.guard = { type: 'reasonGiven', params: { field: 'reason' } }),
);
