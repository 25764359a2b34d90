import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/removal/states/following_up/on/REMOVED/in', 'QT_SCHEMA']], (p) => {
  const on = p.machine.states.removal.states.following_up.on;
  on.REMOVED = { ...on.REMOVED, in: '#harmful-content.removal' };
});
