import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  // from removal.following_up, "reporting_back" would be a sibling inside removal: there is none
  patch: (p) => {
    const on = p.machine.states.removal.states.following_up.on;
    on.REMOVED = { ...on.REMOVED, target: 'reporting_back' };
  },
  errors: [{ path: '/machine/states/removal/states/following_up/on/REMOVED/target', code: 'QT_TARGET_UNKNOWN' }],
});
