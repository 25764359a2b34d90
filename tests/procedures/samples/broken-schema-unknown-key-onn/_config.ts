import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/verifying/onn', 'QT_SCHEMA']], (p) => {
  const v = p.machine.states.verifying;
  v.onn = v.on;
  delete v.on;
});
