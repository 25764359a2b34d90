import { broken } from '../../sample.ts';

export default broken('harmful-content', [['/machine/states/verifying/on/CONFIRM/cond', 'QT_SCHEMA']], (p) => {
  const t = p.machine.states.verifying.on.CONFIRM;
  p.machine.states.verifying.on.CONFIRM = { target: t.target, cond: t.guard, actions: t.actions, meta: t.meta };
});
