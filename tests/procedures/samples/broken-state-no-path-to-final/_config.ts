import { broken } from '../../sample.ts';

// the referral loops on itself: only CANCEL (global) could end the case
export default broken(
  'harmful-content',
  [['/machine/states/referred', 'QT_STATE_NO_PATH_TO_FINAL']],
  (p) => (p.machine.states.referred.on.REFERRAL_ACKNOWLEDGED.target = 'referred'),
);
