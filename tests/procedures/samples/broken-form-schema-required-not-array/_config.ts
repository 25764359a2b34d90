import { broken } from '../../sample.ts';

export default broken(
  'harmful-content',
  [['/machine/states/verifying/on/REJECT/meta/form/schema', 'QT_FORM_SCHEMA_INVALID']],
  (p) => (p.machine.states.verifying.on.REJECT.meta.form.schema.required = 'reason'),
);
