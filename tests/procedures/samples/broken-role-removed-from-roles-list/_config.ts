import { broken } from '../../sample.ts';

// the secretariat role is still used by the reporting step and its action
export default broken(
  'harmful-content',
  [
    ['/machine/states/reporting_back/meta/roles/0', 'QT_ROLE_UNDECLARED'],
    ['/machine/states/reporting_back/on/SUBMIT_REPORT/meta/roles/0', 'QT_ROLE_UNDECLARED'],
  ],
  (p) => (p.roles = p.roles.filter((r: { id: string }) => r.id !== 'secretariat')),
);
