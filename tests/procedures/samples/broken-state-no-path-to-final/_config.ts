import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  // the referral loops on itself: only CANCEL (global) could end the case
  patch: (p) => (p.machine.states.referred.on.REFERRAL_ACKNOWLEDGED.target = 'referred'),
  errors: [{ path: '/machine/states/referred', code: 'QT_STATE_NO_PATH_TO_FINAL' }],
});
