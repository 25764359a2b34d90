import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => {
    const v = p.machine.states.verifying;
    v.onn = v.on;
    delete v.on;
  },
  errors: [{ path: '/machine/states/verifying/onn', code: 'QT_SCHEMA' }],
});
