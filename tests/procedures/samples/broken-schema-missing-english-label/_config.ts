import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/CONFIRM/meta/label/en', 'QT_SCHEMA']],
  (p) => (p.machine.states.verifying.on.CONFIRM.meta.label = { vi: 'Xác nhận vi phạm' }),
);
