import { broken } from '../../sample.ts';

// the follow-up's deadline names a field no form has
export default broken('harmful-content', [['/machine/states/removal/states/following_up/meta/slaField', 'QT_DEADLINE_FIELD_UNKNOWN']], (p) => {
  p.machine.states!.removal.states!.following_up.meta!.slaField = 'removalDeadline';
});
