import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.CONFIRM.meta.label = { vi: 'Xác nhận vi phạm' }),
  errors: [{ path: '/machine/states/verifying/on/CONFIRM/meta/label/en', code: 'QT_SCHEMA' }],
});
