// What an import keeps, changes and refuses, one behaviour a test; and the validator's
// severities: product rules wait for publishing, a wrong machine is an error.
import { describe, expect, it } from 'vitest';
import { CaseSimulation, importMachine, migrateCase, proposeMapping, validateProcedure, type Procedure } from '../../engine/index.ts';
import { readWorkflow } from '../procedures/sample.ts';

function draft(machine: unknown, key?: string): Extract<ReturnType<typeof importMachine>, { ok: true }> {
  const r = importMachine(machine, { key });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path} ${p.message.en}`).join('; '));
  return r;
}
const codes = (p: { problems: { code: string; severity?: string }[] }) => p.problems.map((x) => x.code);

describe('importing an XState machine', () => {
  const approval = {
    id: 'leaveRequest',
    initial: 'waitingForApproval',
    states: {
      waitingForApproval: { on: { approve: 'approved', reject: { target: 'rejected' } } },
      approved: { type: 'final' },
      rejected: { type: 'final' },
    },
  };

  it('wraps it: titles from names in both languages, the officer on every action, a start form, the id as key', () => {
    const { procedure: p } = draft(approval);
    expect(p.key).toBe('leave-request');
    expect(p.machine.id).toBe('leave-request');
    expect(p.title).toEqual({ vi: 'Leave request', en: 'Leave request' });
    expect(p.machine.states!.waitingForApproval.meta?.title).toEqual({ vi: 'Waiting for approval', en: 'Waiting for approval' });
    expect(p.roles).toEqual([{ id: 'officer', title: { vi: 'Cán bộ xử lý', en: 'Officer' } }]);
    expect(p.start.roles).toEqual(['officer']);
    expect(p.start.form.schema).toEqual({ type: 'object', properties: {} });
    expect(p.machine.states!.waitingForApproval.on).toEqual({
      APPROVE: { target: 'approved', meta: { label: { vi: 'Approve', en: 'Approve' }, roles: ['officer'] } },
      REJECT: { target: 'rejected', meta: { label: { vi: 'Reject', en: 'Reject' }, roles: ['officer'] } },
    });
    expect(validateProcedure(p)).toEqual({ valid: true, errors: [] });
  });

  it('takes the key given instead of the machine id', () => {
    expect(draft(approval, 'nghi-phep').procedure.key).toBe('nghi-phep');
  });

  it('upgrades v4 forms and lists each change; says what it could not carry over', () => {
    const r = draft({
      key: 'door',
      initial: 'closed',
      states: {
        closed: { onEntry: 'lock', activities: ['beeping'], on: { OPEN: { target: 'open', cond: 'hasKey' } } },
        open: { onExit: ['log'], on: { CLOSE: { target: 'closed', actions: 'shut' } } },
      },
    });
    const m = r.procedure.machine;
    expect(m.id).toBe('door');
    expect(m.states!.closed.entry).toEqual([{ type: 'lock' }]);
    expect(m.states!.open.exit).toEqual([{ type: 'log' }]);
    expect(m.states!.closed.on?.OPEN).toMatchObject({ target: 'open', guard: { type: 'hasKey' } });
    expect(m.states!.open.on?.CLOSE).toMatchObject({ actions: [{ type: 'shut' }] });
    const changed = r.changes.map((c) => [c.path, c.code, c.kind]);
    expect(changed).toEqual(expect.arrayContaining([
      ['/key', 'QT_UPGRADE_KEY', 'changed'],
      ['/states/closed/onEntry', 'QT_UPGRADE_ON_ENTRY', 'changed'],
      ['/states/closed/on/OPEN/cond', 'QT_UPGRADE_COND', 'changed'],
      ['/states/open/onExit', 'QT_UPGRADE_ON_EXIT', 'changed'],
      ['/states/open/on/CLOSE/actions', 'QT_UPGRADE_STRING_REF', 'changed'],
      ['/states/closed/activities', 'QT_UPGRADE_ACTIVITIES', 'dropped'],
    ]));
    expect(r.procedure.placeholders).toEqual({ guards: ['hasKey'], actions: ['lock', 'log', 'shut'] });
  });

  it('keeps non-ASCII and spaced names as titles, with safe keys, and rewrites the targets', () => {
    const { procedure: p, changes } = draft({
      id: 'hồ sơ',
      initial: 'Chờ duyệt',
      states: {
        'Chờ duyệt': { on: { 'gửi đi': 'Đã gửi', 'user.click': '.Bước con' }, initial: 'Bước con', states: { 'Bước con': {} } },
        'Đã gửi': { type: 'final' },
      },
    });
    expect(p.machine.initial).toBe('cho_duyet');
    expect(Object.keys(p.machine.states!)).toEqual(['cho_duyet', 'da_gui']);
    expect(p.machine.states!.cho_duyet.meta?.title).toEqual({ vi: 'Chờ duyệt', en: 'Chờ duyệt' });
    expect(p.machine.states!.cho_duyet.initial).toBe('buoc_con');
    expect(p.machine.states!.cho_duyet.on?.GUI_DI).toMatchObject({ target: 'da_gui', meta: { label: { vi: 'gửi đi', en: 'gửi đi' } } });
    expect(p.machine.states!.cho_duyet.on?.USER_CLICK).toMatchObject({ target: '.buoc_con' });
    expect(p.key).toBe('ho-so');
    expect(changes.map((c) => c.code)).toEqual(expect.arrayContaining(['QT_IMPORT_STATE_KEY', 'QT_IMPORT_EVENT_TYPE', 'QT_IMPORT_MACHINE_ID']));
    expect(validateProcedure(p).errors.filter((e) => e.severity === 'error')).toEqual([]);
  });

  it('keeps state ids and #id targets, which resolve', () => {
    const { procedure: p } = draft({
      id: 'm',
      initial: 'a',
      states: { a: { on: { GO: '#deep.inner' } }, b: { id: 'deep', initial: 'inner', states: { inner: { on: { DONE: '#m.c' } } } }, c: { type: 'final' } },
    });
    expect(p.machine.states!.b.id).toBe('deep');
    expect(p.machine.states!.a.on?.GO).toMatchObject({ target: '#deep.inner' });
    expect(validateProcedure(p)).toEqual({ valid: true, errors: [] });
    const sim = new CaseSimulation(p, new Date('2026-01-01T00:00:00Z'));
    sim.open({}, { id: 'u', roles: ['officer'] });
    expect(sim.send({ type: 'GO' }, { id: 'u', roles: ['officer'] })).toBeNull();
    expect(sim.state?.value).toEqual({ b: 'inner' });
  });

  it("keeps the author's meta keys and description, namespacing a key that clashes with ours", () => {
    const { procedure: p, changes } = draft({
      id: 'm',
      description: 'What it does',
      initial: 'a',
      states: { a: { description: 'First', meta: { title: 'Mine', owner: 'team-x' }, on: { GO: 'b' } }, b: { type: 'final' } },
    });
    expect(p.machine.states!.a.meta).toEqual({ 'xstate:title': 'Mine', owner: 'team-x', title: { vi: 'A', en: 'A' } });
    expect(p.machine.states!.a.description).toBe('First');
    expect(p.description).toEqual({ vi: 'What it does', en: 'What it does' });
    expect(changes.find((c) => c.code === 'QT_IMPORT_META_NAMESPACED')?.path).toBe('/states/a/meta/title');
  });

  it('makes named delays settings that must be set before publishing', () => {
    const { procedure: p, problems } = draft({ id: 'm', initial: 'a', states: { a: { after: { SHORT: 'b', 1000: 'b', PT2H: 'b' } }, b: { type: 'final' } } });
    expect(p.delays).toEqual({ SHORT: null });
    expect(problems).toEqual([expect.objectContaining({ path: '/machine/states/a/after/SHORT', code: 'QT_DELAY_UNSET', severity: 'publish' })]);
    expect(validateProcedure({ ...p, delays: { SHORT: 'PT5M' } })).toEqual({ valid: true, errors: [] });
  });

  it('gives a named delay written with accents or spaces a key the format takes, the same key wherever it is named', () => {
    const { procedure: p, problems, changes } = draft({
      id: 'm',
      initial: 'a',
      states: { a: { after: { 'chờ một ngày': 'b', 'chờ-một ngày': 'b' } }, b: { after: { 'chờ một ngày': 'c' } }, c: { type: 'final' } },
    });
    expect(p.delays).toEqual({ cho_mot_ngay: null, cho_mot_ngay_2: null });
    expect(Object.keys(p.machine.states!.a!.after!)).toEqual(['cho_mot_ngay', 'cho_mot_ngay_2']);
    expect(Object.keys(p.machine.states!.b!.after!)).toEqual(['cho_mot_ngay']);
    expect(new Set(codes({ problems }))).toEqual(new Set(['QT_DELAY_UNSET']));
    expect(changes.map((c) => c.message.vi)).toContain('Thời gian chờ có tên "chờ một ngày" (cho_mot_ngay) thành một mục cài đặt của quy trình; hãy đặt độ dài của nó trước khi phát hành.');
    expect(validateProcedure({ ...p, delays: { cho_mot_ngay: 'P1D', cho_mot_ngay_2: 'PT2H' } })).toEqual({ valid: true, errors: [] });
  });

  it("reads v4's list forms of on and after, in order, and says so", () => {
    const { procedure: p, changes, problems } = draft({
      id: 'm',
      initial: 'a',
      states: {
        a: { on: [{ event: 'GO', target: 'b', cond: 'isOk' }, { event: 'GO', target: 'c' }, { event: 'STOP', target: 'c' }] },
        b: { after: [{ delay: 1000, target: 'c' }] },
        c: { type: 'final' },
      },
    });
    const on = p.machine.states!.a!.on!;
    expect(Object.keys(on)).toEqual(['GO', 'STOP']);
    expect((on.GO as { target: string }[]).map((t) => t.target)).toEqual(['b', 'c']);
    expect((on.GO as { guard?: unknown }[])[0]!.guard).toEqual({ type: 'isOk' });
    expect((p.machine.states!.b!.after!['1000'] as { target: string }[])[0]!.target).toBe('c');
    expect(changes.map((c) => c.code)).toEqual(expect.arrayContaining(['QT_UPGRADE_ON_LIST', 'QT_UPGRADE_AFTER_LIST']));
    expect(codes({ problems })).toEqual(['QT_PLACEHOLDER_UNBOUND']);
    const refused = importMachine({ id: 'm', initial: 'a', states: { a: { on: [{ target: 'a' }] } } });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems[0]!.message.en).toBe('Item 1 of "on" of step "a" must be an object with "event".');
  });

  it('declares custom guards and actions as placeholders: the draft opens and simulates, publishing waits', () => {
    const r = draft({ id: 'm', initial: 'a', states: { a: { entry: ['sendMail'], on: { GO: { target: 'b', guard: 'isReady' } } }, b: { type: 'final' } } });
    expect(r.procedure.placeholders).toEqual({ guards: ['isReady'], actions: ['sendMail'] });
    expect(r.problems.map((x) => [x.path, x.code, x.severity])).toEqual([
      ['/machine/states/a/entry/0', 'QT_PLACEHOLDER_UNBOUND', 'publish'],
      ['/machine/states/a/on/GO/guard', 'QT_PLACEHOLDER_UNBOUND', 'publish'],
    ]);
    const check = validateProcedure(r.procedure);
    expect(check.valid).toBe(false);
    const sim = new CaseSimulation(r.procedure, new Date('2026-01-01T00:00:00Z'));
    expect(sim.open({}, { id: 'u', roles: ['officer'] })).toBeNull();
    expect(sim.send({ type: 'GO' }, { id: 'u', roles: ['officer'] })).toBeNull();
    // Bound to the registry (or removed), it no longer waits.
    const bound = structuredClone(r.procedure);
    bound.machine.states!.a.entry = [];
    (bound.machine.states!.a.on!.GO as { guard?: unknown }).guard = { type: 'fieldPresent', params: { field: 'x' } };
    expect(validateProcedure(bound)).toEqual({ valid: true, errors: [] });
  });

  it('supports invoke: states reached through onDone/onError are reachable, an unknown src is a placeholder', () => {
    const r = draft({
      id: 'fetcher',
      initial: 'loading',
      states: {
        loading: { invoke: { src: 'fetchUser', input: { id: 1 }, onDone: 'shown', onError: { target: 'failed' } } },
        shown: { type: 'final' },
        failed: { on: { RETRY: 'loading' } },
      },
    });
    expect(r.procedure.machine.states!.loading.invoke).toEqual({ src: 'fetchUser', input: { id: 1 }, onDone: 'shown', onError: { target: 'failed' } });
    expect(r.procedure.placeholders).toEqual({ services: ['fetchUser'] });
    expect(codes(r)).toEqual(['QT_PLACEHOLDER_UNBOUND']);
    const webhook = structuredClone(r.procedure);
    webhook.machine.states!.loading.invoke = { src: 'webhook', input: { url: 'https://example.org' }, onDone: 'shown', onError: 'failed' };
    delete webhook.placeholders;
    expect(validateProcedure(webhook)).toEqual({ valid: true, errors: [] });
    // The engine waits in an invoking state.
    const sim = new CaseSimulation(webhook, new Date('2026-01-01T00:00:00Z'));
    expect(sim.open({}, { id: 'u', roles: ['officer'] })).toBeNull();
    expect(sim.state?.value).toBe('loading');
  });

  it('refuses a target that climbs with "..", which XState turns into a loop', () => {
    const r = importMachine({ id: 'm', initial: 'a', states: { a: { initial: 'x', states: { x: { on: { UP: '..b' } } } }, b: {} } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => [p.path, p.code])).toEqual([['/states/a/states/x/on/UP', 'QT_MACHINE_TARGET_PARENT']]);
    expect(!r.ok && r.problems[0].message.en).toContain('step "a › x"');
  });

  it('refuses a sibling target on the root and says to write ".name"', () => {
    const r = importMachine({ id: 'm', initial: 'a', on: { RESET: 'a' }, states: { a: {} } });
    expect(!r.ok && r.problems[0]).toMatchObject({ path: '/on/RESET', code: 'QT_MACHINE_TARGET_UNKNOWN' });
    expect(!r.ok && r.problems[0].message.en).toContain('".a"');
  });

  it('refuses a procedure file and a non-object, each with what to do', () => {
    const asProcedure = importMachine(readWorkflow('harmful-content'));
    expect(!asProcedure.ok && asProcedure.problems.map((p) => p.code)).toEqual(['QT_MACHINE_IS_PROCEDURE']);
    const text = importMachine('states');
    expect(!text.ok && text.problems.map((p) => [p.path, p.code])).toEqual([['', 'QT_MACHINE_NOT_OBJECT']]);
  });
});

describe('validation speaks of what to do', () => {
  it('answers a bare machine given as a procedure with one sentence, not advice that deletes it', () => {
    const r = validateProcedure({ id: 'm', initial: 'a', states: { a: {} } });
    expect(r.errors.map((e) => e.code)).toEqual(['QT_BARE_MACHINE']);
    expect(r.errors[0].message.en).toContain('Import an XState machine');
  });

  it('tells onEntry to become entry', () => {
    const p = readWorkflow('harmful-content') as Procedure & { machine: { states: Record<string, Record<string, unknown>> } };
    p.machine.states!.detected.onEntry = [{ type: 'storeForm' }];
    const e = validateProcedure(p).errors.find((x) => x.path === '/machine/states/detected/onEntry');
    expect(e?.message.en).toContain('"entry" instead of v4\'s "onEntry"');
  });

  it('never prints [object Object] or #undefined', () => {
    const p = readWorkflow('harmful-content') as unknown as { machine: Record<string, unknown> & { states: Record<string, { on?: Record<string, unknown>; entry?: unknown }> } };
    p.machine.states!.detected.entry = [{ type: { nested: true } }];
    p.machine.states!.detected.on!.SUBMIT = { target: 'nowhere', guard: { type: { x: 1 } }, meta: { label: { vi: 'a', en: 'a' }, roles: ['monitor'] } };
    delete p.machine.id;
    const text = validateProcedure(p).errors.map((e) => `${e.message.vi} ${e.message.en}`).join('\n');
    expect(text).toContain('nowhere');
    expect(text).not.toMatch(/\[object Object\]|#undefined/);
  });

  it('makes titles, roles and reachability rules block publishing only', () => {
    const p = readWorkflow('harmful-content');
    delete (p.machine.states!.deciding.meta as { title?: unknown }).title;
    const r = validateProcedure(p);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => [e.path, e.code, e.severity])).toEqual([['/machine/states/deciding/meta/title', 'QT_STATE_TITLE_MISSING', 'publish']]);
  });
});

describe('a state with its own id', () => {
  it('fires its timer in the simulator; a migration keeps it, or cancels it by the id XState gave it', () => {
    const r = importMachine({ id: 'm', initial: 'a', states: { a: { id: 'waitHere', after: { PT1H: 'b' }, on: { GO: 'b' } }, b: { type: 'final' } } });
    if (!r.ok) throw new Error('must import');
    const sim = new CaseSimulation(r.procedure, new Date('2026-01-01T00:00:00Z'));
    sim.open({}, { id: 'u', roles: ['officer'] });
    expect([...sim.timers.keys()]).toEqual(['xstate.after.PT1H.waitHere']);
    const same = migrateCase(r.procedure, r.procedure, sim.state!, proposeMapping(r.procedure, r.procedure), new Date('2026-01-01T00:10:00Z'));
    expect(same.ok && same.effects.filter((e) => e.type.startsWith('timer.'))).toEqual([]);
    const next = structuredClone(r.procedure);
    next.machine.states!.c = { meta: { title: { vi: 'C', en: 'C' } }, on: { GO: { target: 'b', meta: { label: { vi: 'Go', en: 'Go' }, roles: ['officer'] } } } };
    const moved = migrateCase(r.procedure, next, sim.state!, { a: 'c' }, new Date('2026-01-01T00:10:00Z'));
    expect(moved.ok && moved.effects).toContainEqual({ type: 'timer.cancel', id: 'xstate.after.PT1H.waitHere' });
    sim.advance('PT2H');
    expect(sim.state?.value).toBe('b');
  });
});

describe('a v4 history state written "history": true', () => {
  it('is a shallow history, as XState v4 read it, and the change is listed', () => {
    const machine = {
      id: 'player',
      initial: 'on',
      states: {
        on: { initial: 'a', states: { a: { on: { NEXT: 'b' } }, b: {}, back: { type: 'history', history: true } }, on: { OFF: 'off' } },
        off: { on: { ON: 'on.back' } },
      },
    };
    const r = draft(machine);
    expect(r.procedure.machine.states!.on.states!.back).toMatchObject({ type: 'history', history: 'shallow' });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.changes.map((c) => [c.path, c.code])).toContainEqual(['/states/on/states/back/history', 'QT_UPGRADE_HISTORY']);
    const sim = new CaseSimulation(r.procedure, new Date('2026-03-02T01:00:00Z'));
    const officer = { id: 'u', roles: ['officer'] };
    expect(sim.open({}, officer)).toBeNull();
    for (const e of ['NEXT', 'OFF', 'ON']) expect(sim.send({ type: e }, officer)).toBeNull();
    expect(sim.state?.value).toEqual({ on: 'b' });
  });
});

describe('entry written both ways', () => {
  it('keeps the actions of both "entry" and v4 "onEntry", whichever comes first', () => {
    for (const state of [{ onEntry: 'a', entry: 'b' }, { entry: 'b', onEntry: 'a' }]) {
      const r = importMachine({ id: 'm', initial: 's', states: { s: { ...state, on: { GO: 'f' } }, f: { type: 'final' } } });
      expect(r.ok && r.procedure.machine.states!.s.entry).toEqual([{ type: 'b' }, { type: 'a' }]);
    }
  });
});

describe('the input of an automated step', () => {
  it('is checked against its service: a wrong one is an error in a procedure, a placeholder in an import', () => {
    const machine = { id: 'mailer', initial: 'sending', states: { sending: { invoke: { src: 'email', input: { to: 5 }, onDone: 'sent' } }, sent: { type: 'final' } } };
    const r = draft(machine);
    expect(r.procedure.placeholders).toEqual({ services: ['email'] });
    expect(r.problems.map((p) => [p.path, p.code, p.severity])).toEqual([['/machine/states/sending/invoke/input', 'QT_PLACEHOLDER_UNBOUND', 'publish']]);
    const p = structuredClone(r.procedure);
    delete p.placeholders;
    const check = validateProcedure(p);
    expect(check.errors.map((e) => [e.path, e.code, e.severity])).toEqual([['/machine/states/sending/invoke/input', 'QT_SERVICE_INPUT', 'error']]);
    expect(check.errors[0].message.en).toContain('input/to must be string');
  });
});
