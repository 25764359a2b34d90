import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/reporting_back/meta', 'QT_SCHEMA']], (p) => delete p.machine.states.reporting_back.meta);
