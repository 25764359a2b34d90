import { broken } from '../../sample.ts';

// the only action in `referred` has no role allowed to take it
export default broken(
  'harmful-content',
  [['/machine/states/referred', 'QT_STATE_NO_ACTOR']],
  (p) => delete p.machine.states.referred.on.REFERRAL_ACKNOWLEDGED.meta.roles,
);
