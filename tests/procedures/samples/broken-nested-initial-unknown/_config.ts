import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/removal/initial', 'QT_INITIAL_UNKNOWN']], (p) => (p.machine.states.removal.initial = 'request'));
