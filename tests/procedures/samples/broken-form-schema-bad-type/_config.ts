import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.CONFIRM.meta.form.schema.properties.severity.type = 'strng'),
  errors: [{ path: '/machine/states/verifying/on/CONFIRM/meta/form/schema', code: 'QT_FORM_SCHEMA_INVALID' }],
});
