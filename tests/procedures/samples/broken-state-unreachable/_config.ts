import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/referred', 'QT_STATE_UNREACHABLE']], (p) => delete p.machine.states.deciding.on.REFER);
