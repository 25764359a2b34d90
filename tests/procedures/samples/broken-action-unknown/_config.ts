import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.REJECT.actions[0].type = 'saveForm'),
  errors: [{ path: '/machine/states/verifying/on/REJECT/actions/0', code: 'QT_ACTION_UNKNOWN' }],
});
