import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/start/form/schema', 'QT_FORM_SCHEMA_INVALID']], (p) => (p.start.form.schema.properties.urls.minItems = -1));
