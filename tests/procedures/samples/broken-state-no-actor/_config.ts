import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  // the only action in `referred` has no role allowed to take it
  patch: (p) => delete p.machine.states.referred.on.REFERRAL_ACKNOWLEDGED.meta.roles,
  errors: [{ path: '/machine/states/referred', code: 'QT_STATE_NO_ACTOR' }],
});
