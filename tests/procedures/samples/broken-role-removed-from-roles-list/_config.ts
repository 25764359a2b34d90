import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  // the secretariat role is still used by the reporting step and its action
  patch: (p) => (p.roles = p.roles.filter((r: { id: string }) => r.id !== 'secretariat')),
  errors: [
    { path: '/machine/states/reporting_back/meta/roles/0', code: 'QT_ROLE_UNDECLARED' },
    { path: '/machine/states/reporting_back/on/SUBMIT_REPORT/meta/roles/0', code: 'QT_ROLE_UNDECLARED' },
  ],
});
