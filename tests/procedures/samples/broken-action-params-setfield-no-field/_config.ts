import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/REJECT/actions/1/params', 'QT_ACTION_PARAMS']],
  (p) => (p.machine.states.verifying.on.REJECT.actions[1].params = { value: 'no_violation' }),
);
