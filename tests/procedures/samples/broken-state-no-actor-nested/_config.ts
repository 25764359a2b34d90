import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => delete p.machine.states.removal.states.requested.on.SENT.meta.roles,
  errors: [{ path: '/machine/states/removal/states/requested', code: 'QT_STATE_NO_ACTOR' }],
});
