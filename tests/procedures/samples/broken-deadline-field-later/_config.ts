import { broken } from '../../sample.ts';

// the follow-up's timer names a date filled in only after the follow-up (the removal date)
export default broken('harmful-content', [['/machine/states/removal/states/following_up/after/REMOVAL_DEADLINE', 'QT_DEADLINE_FIELD_UNKNOWN']], (p) => {
  p.delays = { REMOVAL_DEADLINE: { field: 'removedAt', otherwise: 'P7D' } };
});
