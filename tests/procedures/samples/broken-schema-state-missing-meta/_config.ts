import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => delete p.machine.states.reporting_back.meta,
  errors: [{ path: '/machine/states/reporting_back/meta', code: 'QT_SCHEMA' }],
});
