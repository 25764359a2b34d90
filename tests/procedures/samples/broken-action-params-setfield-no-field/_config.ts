import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.REJECT.actions[1].params = { value: 'no_violation' }),
  errors: [{ path: '/machine/states/verifying/on/REJECT/actions/1/params', code: 'QT_ACTION_PARAMS' }],
});
