import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/deciding/meta/title', 'QT_SCHEMA']], (p) => delete p.machine.states.deciding.meta.title);
