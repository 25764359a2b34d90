import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/initial', 'QT_INITIAL_UNKNOWN']], (p) => (p.machine.initial = 'detect'));
