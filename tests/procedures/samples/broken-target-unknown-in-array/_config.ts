import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.CONFIRM = [{ ...p.machine.states.verifying.on.CONFIRM, target: 'decidng' }]),
  errors: [{ path: '/machine/states/verifying/on/CONFIRM/0/target', code: 'QT_TARGET_UNKNOWN' }],
});
