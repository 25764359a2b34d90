import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => {
    const on = p.machine.states.removal.states.following_up.on;
    on.REMOVED = { ...on.REMOVED, in: '#harmful-content.removal' };
  },
  errors: [{ path: '/machine/states/removal/states/following_up/on/REMOVED/in', code: 'QT_SCHEMA' }],
});
