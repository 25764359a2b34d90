import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.machine.states.verifying.on.REJECT.meta.form.schema.required = 'reason'),
  errors: [{ path: '/machine/states/verifying/on/REJECT/meta/form/schema', code: 'QT_FORM_SCHEMA_INVALID' }],
});
