import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.start.form.schema.properties.urls.minItems = -1),
  errors: [{ path: '/start/form/schema', code: 'QT_FORM_SCHEMA_INVALID' }],
});
