import { broken } from '../../sample.ts';

// the follow-up's deadline names a text field, neither a date nor a duration
export default broken('harmful-content', [['/machine/states/removal/states/following_up/meta/slaField', 'QT_DEADLINE_FIELD_TYPE']], (p) => {
  p.machine.states!.removal.states!.following_up.meta!.slaField = 'removalInstructions';
});
