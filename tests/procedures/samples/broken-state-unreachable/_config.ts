import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => delete p.machine.states.deciding.on.REFER,
  errors: [{ path: '/machine/states/referred', code: 'QT_STATE_UNREACHABLE' }],
});
