import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/CONFIRM/target', 'QT_TARGET_UNKNOWN']],
  (p) => (p.machine.states.verifying.on.CONFIRM.target = 'decidng'),
);
