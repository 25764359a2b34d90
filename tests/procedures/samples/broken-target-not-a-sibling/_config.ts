import { broken } from '../../sample.ts';

// from removal.following_up, "reporting_back" would be a sibling inside removal: there is none
export default broken('harmful-content', [['/machine/states/removal/states/following_up/on/REMOVED/target', 'QT_TARGET_UNKNOWN']], (p) => {
  const on = p.machine.states.removal.states.following_up.on;
  on.REMOVED = { ...on.REMOVED, target: 'reporting_back' };
});
