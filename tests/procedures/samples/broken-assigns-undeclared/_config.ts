import { broken } from '../../sample.ts';

// the lead may hand cases to a role the procedure does not have
export default broken('harmful-content', [['/roles/3/assigns/4', 'QT_ROLE_UNDECLARED']], (p) => {
  p.roles[3].assigns = [...(p.roles[3].assigns ?? []), 'inspector'];
});
