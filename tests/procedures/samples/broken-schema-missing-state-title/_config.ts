import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/deciding/meta/title', 'QT_STATE_TITLE_MISSING']], (p) => delete p.machine.states.deciding.meta.title);
