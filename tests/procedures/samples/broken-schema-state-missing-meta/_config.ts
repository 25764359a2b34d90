import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/reporting_back/meta/title', 'QT_STATE_TITLE_MISSING']], (p) => delete p.machine.states.reporting_back.meta);
