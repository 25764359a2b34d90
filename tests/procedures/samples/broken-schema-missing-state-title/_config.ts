import { defineSample } from '../../sample.ts';

export default defineSample({
  base: 'harmful-content',
  valid: false,
  patch: (p) => delete p.machine.states.deciding.meta.title,
  errors: [{ path: '/machine/states/deciding/meta/title', code: 'QT_SCHEMA' }],
});
