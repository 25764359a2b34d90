import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/title', 'QT_SCHEMA']], (p) => delete p.title);
