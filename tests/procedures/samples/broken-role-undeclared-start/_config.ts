import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/start/roles/0', 'QT_ROLE_UNDECLARED']], (p) => (p.start.roles = ['reporter']));
