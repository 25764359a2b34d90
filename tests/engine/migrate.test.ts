// Migrating a running case between versions: the reference procedure and an edited copy
// (deciding renamed to decision, referred removed, legal_review added with an SLA and a timer).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEvent, availableActions, CaseSimulation, MIGRATED_EVENT, migrateCase, proposeMapping, replay, summarize, SYSTEM_ACTOR, validateProcedure, type LogEntry, type Procedure, type StateConfig } from '../../engine/index.ts';

const load = (name: string) => JSON.parse(readFileSync(`workflows/${name}.json`, 'utf8')) as Procedure;
const v1 = load('harmful-content');

/** Version 2: `deciding` → `decision`, `referred` removed (REFER goes to reporting_back), `legal_review` added. */
function edited(): Procedure {
  const p = structuredClone(v1);
  const states = p.machine.states!;
  const retarget = (s: StateConfig) => {
    for (const map of [s.on, s.after]) {
      for (const t of Object.values(map ?? {})) {
        for (const one of Array.isArray(t) ? t : [t]) {
          if (typeof one === 'object' && one.target === 'deciding') one.target = 'decision';
          if (typeof one === 'object' && one.target === 'referred') one.target = 'reporting_back';
        }
      }
    }
    Object.values(s.states ?? {}).forEach(retarget);
  };
  const renamed: Record<string, StateConfig> = {};
  for (const [k, s] of Object.entries(states)) {
    if (k === 'referred') continue;
    renamed[k === 'deciding' ? 'decision' : k] = s;
    if (k === 'verifying') {
      renamed.legal_review = {
        meta: { title: { vi: 'Thẩm định pháp lý', en: 'Legal review' }, roles: ['lead'], sla: 'P2D' },
        after: { P5D: { target: 'decision' } },
        on: { REVIEWED: { target: 'decision', meta: { label: { vi: 'Đã thẩm định', en: 'Reviewed' }, roles: ['lead'] } } },
      };
    }
  }
  p.machine.states = renamed;
  retarget(p.machine);
  const confirm = renamed.verifying!.on!.CONFIRM!;
  ((Array.isArray(confirm) ? confirm[0] : confirm) as { target: string }).target = 'legal_review';
  return p;
}
const v2 = edited();

const monitor = { id: 'mon', roles: ['monitor'], unitId: 'a' };
const verifier = { id: 'ver', roles: ['verifier'], unitId: 'a' };
const lead = { id: 'lead', roles: ['lead'], unitId: 'a' };
const liaison = { id: 'lia', roles: ['liaison'], unitId: 'a' };
const opening = { urls: ['https://facebook.com/fake.page'], platform: 'facebook', category: 'fraud', description: 'Trang giả mạo kêu gọi chuyển tiền', evidence: ['att-1'] };
const T0 = new Date('2026-03-02T01:00:00Z');
const LATER = new Date('2026-03-03T05:00:00Z');

function toDeciding() {
  const sim = new CaseSimulation(v1, T0);
  expect(sim.open(opening, monitor)).toBeNull();
  expect(sim.send({ type: 'SUBMIT', data: {} }, monitor)).toBeNull();
  expect(sim.send({ type: 'CONFIRM', data: { legalBasis: ['cybersecurity_law_2018'], severity: 'high' } }, verifier)).toBeNull();
  return sim;
}
function toFollowingUp() {
  const sim = toDeciding();
  expect(sim.send({ type: 'REQUEST_REMOVAL', data: { deadline: '2026-03-10' } }, lead)).toBeNull();
  expect(sim.send({ type: 'SENT', data: { requestReference: 'CV-12/STTTT', sentAt: '2026-03-02', channel: 'email' } }, liaison)).toBeNull();
  return sim;
}

describe('proposeMapping', () => {
  it('maps every leaf to the same path where it still exists, else null', () => {
    expect(validateProcedure(v2).valid).toBe(true);
    expect(proposeMapping(v1, v2)).toEqual({
      detected: 'detected',
      verifying: 'verifying',
      deciding: null,
      'removal.requested': 'removal.requested',
      'removal.following_up': 'removal.following_up',
      'removal.overdue': 'removal.overdue',
      referred: null,
      complaint_review: 'complaint_review',
      withdrawing: 'withdrawing',
      reporting_back: 'reporting_back',
      closed_no_violation: 'closed_no_violation',
      done: 'done',
      cancelled: 'cancelled',
    });
  });
});

describe('migrateCase', () => {
  const mapping = { ...proposeMapping(v1, v2), deciding: 'decision', referred: 'reporting_back' };

  it('moves a renamed state: new SLA from now, old timer cancelled, the case acts in the new version', () => {
    const sim = toDeciding();
    const result = migrateCase(v1, v2, sim.state!, mapping, LATER);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.value).toBe('decision');
    expect(result.state.context.data).toEqual(sim.state!.context.data);
    expect(result.state.context.steps).toEqual(sim.state!.context.steps);
    expect(result.state.context.assignee).toEqual(sim.state!.context.assignee);
    expect(result.state.context.openedBy).toEqual(sim.state!.context.openedBy);
    expect(result.state.context.deadlines).toEqual({
      decision: { state: 'decision', sla: 'PT24H', startedAt: LATER.toISOString(), dueAt: '2026-03-04T05:00:00.000Z' },
    });
    expect(result.effects).toEqual([
      { type: 'timer.cancel', id: 'sla:deciding' },
      {
        type: 'timer.set',
        id: 'sla:decision',
        event: { type: 'quytrinh.sla', data: { state: 'decision', dueAt: '2026-03-04T05:00:00.000Z' } },
        dueAt: '2026-03-04T05:00:00.000Z',
      },
    ]);
    expect(summarize(v2, result.state)).toMatchObject({ state: 'decision', status: 'active', dueAt: '2026-03-04T05:00:00.000Z' });
    expect(availableActions(v2, result.state, lead).map((a) => a.type)).toEqual(availableActions(v1, sim.state!, lead).map((a) => a.type));
    const next = applyEvent(v2, result.state, { type: 'REFER', data: { referredTo: 'provincial_police' } }, lead, LATER);
    expect(next.ok && summarize(v2, next.state).state).toBe('reporting_back');
  });

  it('keeps a deadline and an `after` timer whose state, SLA and delay are unchanged', () => {
    const sim = toFollowingUp();
    const before = sim.state!.context.deadlines;
    const result = migrateCase(v1, v2, sim.state!, mapping, LATER);
    expect(result).toMatchObject({ ok: true, effects: [] });
    if (!result.ok) return;
    expect(result.state.context.deadlines).toEqual(before);
    // The pending XState timer of v1 fires on the case in v2.
    const timer = [...sim.timers.values()].find((t) => t.id.startsWith('xstate.after.'))!;
    const fired = applyEvent(v2, result.state, timer.event, SYSTEM_ACTOR, new Date(timer.dueAt));
    expect(fired.ok && summarize(v2, fired.state).state).toBe('removal.overdue');
  });

  it('sets the `after` and SLA timers of an added state and cancels the old ones', () => {
    const sim = toFollowingUp();
    const result = migrateCase(v1, v2, sim.state!, { ...mapping, 'removal.following_up': 'legal_review' }, LATER);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.value).toBe('legal_review');
    const ids = (type: string) => result.effects.filter((e) => e.type === type).map((e) => ('id' in e ? e.id : ''));
    expect(ids('timer.cancel').sort()).toEqual(['sla:removal.following_up', 'xstate.after.REMOVAL_DEADLINE.harmful-content.removal.following_up']);
    expect(result.effects.filter((e) => e.type === 'timer.set')).toEqual([
      {
        type: 'timer.set',
        id: 'sla:legal_review',
        event: { type: 'quytrinh.sla', data: { state: 'legal_review', dueAt: '2026-03-05T05:00:00.000Z' } },
        dueAt: '2026-03-05T05:00:00.000Z',
      },
      {
        type: 'timer.set',
        id: 'xstate.after.P5D.harmful-content.legal_review',
        event: { type: 'xstate.after.P5D.harmful-content.legal_review' },
        dueAt: '2026-03-08T05:00:00.000Z',
      },
    ]);
    expect(availableActions(v2, result.state, lead).map((a) => a.type)).toContain('REVIEWED');
    // The new timer moves the case on; the old one no longer applies.
    const fired = applyEvent(v2, result.state, { type: 'xstate.after.P5D.harmful-content.legal_review' }, SYSTEM_ACTOR, new Date('2026-03-08T05:00:00Z'));
    expect(fired.ok && summarize(v2, fired.state).state).toBe('decision');
    const old = applyEvent(v2, result.state, { type: 'xstate.after.REMOVAL_DEADLINE.harmful-content.removal.following_up' }, SYSTEM_ACTOR, LATER);
    expect(old.ok).toBe(false);
  });

  it('enters the initial child of a compound target', () => {
    const result = migrateCase(v1, v2, toDeciding().state!, { ...mapping, deciding: 'removal' }, LATER);
    expect(result.ok && result.state.value).toEqual({ removal: 'requested' });
    expect(result.ok && Object.keys(result.state.context.deadlines)).toEqual(['removal.requested']);
    expect(result.ok && availableActions(v2, result.state, liaison).map((a) => a.type)).toContain('SENT');
  });

  it('enters every region of a parallel target', () => {
    const p = load('impersonation-page');
    const sim = new CaseSimulation(p, T0);
    const data = { pageUrls: ['https://facebook.com/fake'], platform: 'facebook', pageName: 'Công an tỉnh (giả)', impersonatedAgency: 'Công an tỉnh', description: 'Trang mạo danh cơ quan nhà nước' };
    const rejected = sim.open(data, monitor);
    if (rejected) return expect.fail(JSON.stringify(rejected));
    const result = migrateCase(p, p, sim.state!, { 'verification.checking': 'takedown' }, LATER);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.value).toEqual({ takedown: { platform_report: 'filing', public_warning: 'drafting' } });
    expect(Object.keys(result.state.context.deadlines).sort()).toEqual(['takedown.platform_report.filing', 'takedown.public_warning.drafting']);
    expect(result.effects.map((e) => `${e.type} ${'id' in e ? e.id : ''}`)).toEqual([
      'timer.cancel sla:verification.checking',
      'timer.set sla:takedown.platform_report.filing',
      'timer.set sla:takedown.public_warning.drafting',
    ]);
  });

  it('names every state that does not map, and refuses conflicts, missing targets and closed cases', () => {
    const sim = toDeciding();
    expect(migrateCase(v1, v2, sim.state!, proposeMapping(v1, v2), LATER)).toEqual({
      ok: false,
      problems: [{ state: 'deciding', message: { vi: 'Chưa chọn trạng thái mới cho "deciding".', en: 'No new state is chosen for "deciding".' } }],
    });
    const missing = migrateCase(v1, v2, sim.state!, { deciding: 'nowhere' }, LATER);
    expect(!missing.ok && missing.problems.map((p) => p.state)).toEqual(['deciding']);
    const final = migrateCase(v1, v2, sim.state!, { deciding: 'done' }, LATER);
    expect(!final.ok && final.problems[0]!.message.en).toMatch(/final state/);

    const p = load('impersonation-page');
    const parallel = { status: 'active' as const, value: { takedown: { platform_report: 'filing', public_warning: 'drafting' } }, context: sim.state!.context };
    const conflict = migrateCase(p, p, parallel, { 'takedown.platform_report.filing': 'closing', 'takedown.public_warning.drafting': 'verification.checking' }, LATER);
    expect(!conflict.ok && conflict.problems.map((x) => x.state)).toEqual(['takedown.public_warning.drafting']);
    const same = migrateCase(p, p, parallel, { 'takedown.platform_report.filing': 'closing', 'takedown.public_warning.drafting': 'closing' }, LATER);
    expect(same.ok && same.state.value).toBe('closing');

    const closed = migrateCase(v1, v2, { ...sim.state!, status: 'done', value: 'done' }, mapping, LATER);
    expect(!closed.ok && closed.problems[0]!.state).toBe('');
  });
});

describe('replay of a migrated case', () => {
  it('replays the log per version: entries after the migration run on the new version', () => {
    const sim = toDeciding();
    const mapping = { deciding: 'decision' };
    const migrated = migrateCase(v1, v2, sim.state!, mapping, LATER);
    if (!migrated.ok) return expect.fail('migration refused');
    const after = applyEvent(v2, migrated.state, { type: 'COUNTER', data: { counterPlan: 'Đăng tin cải chính trên cổng thông tin' } }, lead, LATER);
    if (!after.ok) return expect.fail(JSON.stringify(after.rejection));
    const log: LogEntry[] = [
      ...sim.log,
      { type: MIGRATED_EVENT, data: { fromVersion: 1, toVersion: 2, mapping }, actor: { id: 'adm', roles: ['admin'] }, at: LATER.toISOString() },
      { type: 'COUNTER', data: { counterPlan: 'Đăng tin cải chính trên cổng thông tin' }, actor: lead, at: LATER.toISOString() },
    ];
    expect(replay(v1, log, { versions: { 1: v1, 2: v2 } })).toEqual(after.state);
    expect(() => replay(v1, log)).toThrow(/version 2/);
  });
});
