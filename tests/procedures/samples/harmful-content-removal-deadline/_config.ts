import { defineSample, send, wait, lead } from '../../sample.ts';
import { hc, toDeciding } from '../../walks.ts';

export default defineSample({
  base: 'harmful-content',
  valid: true,
  description: 'The lead gives the platform until 5 March: the follow-up turns overdue at the end of that day (Vietnamese time), not after the usual 7 days.',
  steps: [
    ...toDeciding,
    send(lead, 'REQUEST_REMOVAL', { platformContact: 'Đại diện Meta tại Việt Nam', deadline: '2026-03-05' }, { state: 'removal.requested' }),
    hc.sent,
    wait('P3DT15H', { state: 'removal.following_up', overdue: false }), // 5 March, 16:00 UTC: 23:00 in Vietnam
    wait('PT1H', { state: 'removal.overdue', overdue: true }),
  ],
});
