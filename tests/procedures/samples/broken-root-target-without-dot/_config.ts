import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  // a root transition must target its children with a leading dot: ".cancelled"
  patch: (p) => (p.machine.on.CANCEL.target = 'cancelled'),
  errors: [{ path: '/machine/on/CANCEL/target', code: 'QT_TARGET_UNKNOWN' }],
});
