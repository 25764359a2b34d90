import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => {
    const t = p.machine.states.verifying.on.CONFIRM;
    p.machine.states.verifying.on.CONFIRM = { target: t.target, cond: t.guard, actions: t.actions, meta: t.meta };
  },
  errors: [{ path: '/machine/states/verifying/on/CONFIRM/cond', code: 'QT_SCHEMA' }],
});
