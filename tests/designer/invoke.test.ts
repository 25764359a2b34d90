// The designer's automated steps: the edit that sets a state's invoke, the form fields drawn from
// each service's input schema, and the palette's automated step.
import { describe, expect, it } from 'vitest';
import { serviceRegistry, validateProcedure } from '../../engine/index.ts';
import { addState } from '../../ui/src/lib/designer/edit.ts';
import { serviceFields, setInvoke, withField } from '../../ui/src/lib/designer/invoke.ts';
import { fixture } from '../server/helpers.ts';

describe('automated steps in the designer', () => {
  it('draws a form field for every input of every service', () => {
    expect(serviceFields(serviceRegistry.webhook!.input as never).map((f) => [f.name, f.kind, f.required])).toEqual([
      ['url', 'text', true],
      ['payload', 'json', false],
    ]);
    expect(serviceFields(serviceRegistry.email!.input as never).map((f) => [f.name, f.kind])).toEqual([
      ['to', 'text'],
      ['lang', 'select'],
      ['subject', 'textpair'],
      ['body', 'textpair'],
    ]);
    const doc = serviceFields(serviceRegistry.document!.input as never);
    expect(doc.find((f) => f.name === 'template')).toMatchObject({ kind: 'select', required: true, options: ['removal-request'] });
    expect(doc.find((f) => f.name === 'urls')?.kind).toBe('list');
    expect(doc.find((f) => f.name === 'deadlineHours')?.kind).toBe('number');
  });

  it('an automated step from the palette, filled in, makes a valid procedure; removing it leaves the state as it was', () => {
    const base = fixture('mini');
    const { procedure, path } = addState(base, '', 'automated', { key: 'notify_hook', title: { vi: 'Báo hệ thống khác', en: 'Tell another system' } });
    expect(validateProcedure(procedure).errors.map((e) => e.code)).toContain('QT_SERVICE_INPUT');
    const p = setInvoke(procedure, path, { src: 'webhook', input: withField({}, 'url', 'https://hook.example/quytrinh'), onDone: { target: 'waiting' } });
    // the step's own problems are gone (only that nothing leads to it yet remains)
    expect(validateProcedure(p).errors.filter((e) => e.path.includes('notify_hook')).map((e) => e.code)).toEqual(['QT_STATE_UNREACHABLE']);
    expect(p.machine.states!.notify_hook!.invoke).toEqual({ src: 'webhook', input: { url: 'https://hook.example/quytrinh' }, onDone: { target: 'waiting' } });
    const removed = setInvoke(p, path, null);
    expect(removed.machine.states!.notify_hook!.invoke).toBeUndefined();
    expect(p.machine.states!.notify_hook!.invoke).toBeDefined(); // edits copy, never change in place
  });
});
