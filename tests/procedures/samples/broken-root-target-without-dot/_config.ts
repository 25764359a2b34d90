import { broken } from '../../sample.ts';

// a root transition must target its children with a leading dot: ".cancelled"
export default broken('harmful-content', [['/machine/on/CANCEL/target', 'QT_TARGET_UNKNOWN']], (p) => (p.machine.on.CANCEL.target = 'cancelled'));
