import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/REJECT/actions/0', 'QT_ACTION_UNKNOWN']],
  (p) => (p.machine.states.verifying.on.REJECT.actions[0].type = 'saveForm'),
);
