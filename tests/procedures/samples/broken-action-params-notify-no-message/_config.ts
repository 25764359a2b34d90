import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => delete p.machine.states.removal.states.overdue.entry[0].params.message,
  errors: [{ path: '/machine/states/removal/states/overdue/entry/0/params', code: 'QT_ACTION_PARAMS' }],
});
