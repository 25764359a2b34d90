import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => (p.start.roles = ['reporter']),
  errors: [{ path: '/start/roles/0', code: 'QT_ROLE_UNDECLARED' }],
});
