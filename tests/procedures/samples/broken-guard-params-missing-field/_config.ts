import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/REJECT/guard/params', 'QT_GUARD_PARAMS']],
  (p) => (p.machine.states.verifying.on.REJECT.guard = { type: 'fieldPresent', params: { source: 'form' } }),
);
