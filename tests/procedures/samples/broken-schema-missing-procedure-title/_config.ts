import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => delete p.title,
  errors: [{ path: '/title', code: 'QT_SCHEMA' }],
});
