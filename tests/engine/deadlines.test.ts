// Deadlines with a simulated clock: a case becomes overdue exactly at its due time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDuration, CaseSimulation, fieldDue, summarize, type Procedure } from '../../engine/index.ts';


const procedure = JSON.parse(readFileSync('workflows/harmful-content.json', 'utf8')) as Procedure;
const monitor = { id: 'mon', roles: ['monitor'], unitId: 'a' };
const verifier = { id: 'ver', roles: ['verifier'], unitId: 'a' };
const lead = { id: 'lead', roles: ['lead'], unitId: 'a' };
const liaison = { id: 'lia', roles: ['liaison'], unitId: 'a' };
const opening = { urls: ['https://facebook.com/fake.page'], platform: 'facebook', category: 'fraud', description: 'Trang giả mạo kêu gọi chuyển tiền', evidence: ['att-1'] };

function toFollowingUp() {
  const sim = new CaseSimulation(procedure, new Date('2026-03-02T01:00:00Z'));
  expect(sim.open(opening, monitor)).toBeNull();
  expect(sim.send({ type: 'SUBMIT', data: {} }, monitor)).toBeNull();
  expect(sim.send({ type: 'CONFIRM', data: { legalBasis: ['cybersecurity_law_2018'], severity: 'high' } }, verifier)).toBeNull();
  expect(sim.send({ type: 'REQUEST_REMOVAL', data: { deadline: '2026-03-10' } }, lead)).toBeNull();
  expect(sim.send({ type: 'SENT', data: { requestReference: 'CV-12/STTTT', sentAt: '2026-03-02', channel: 'email' } }, liaison)).toBeNull();
  return sim;
}

describe('deadlines', () => {
  it('a state SLA flags the case overdue exactly at its due time, not a millisecond before', () => {
    const sim = new CaseSimulation(procedure, new Date('2026-03-02T01:00:00Z'));
    sim.open(opening, monitor);
    const due = summarize(procedure, sim.state!).dueAt!;
    expect(due).toBe(addDuration(new Date('2026-03-02T01:00:00Z'), 'PT24H').toISOString());
    sim.advanceTo(new Date(Date.parse(due) - 1));
    expect(summarize(procedure, sim.state!).overdue).toBe(false);
    sim.advanceTo(new Date(due));
    expect(summarize(procedure, sim.state!).overdue).toBe(true);
    expect(sim.state!.context.deadlines.detected.overdueAt).toBe(due);
  });

  it('following up past the removal deadline the lead set moves the case to overdue at the end of that day, and escalation re-arms the timer for 7 days', () => {
    const sim = toFollowingUp();
    const timer = [...sim.timers.values()].find((t) => t.id.startsWith('xstate.after.'))!;
    // "Thời hạn gỡ bỏ" 10/03/2026: the end of that day in Vietnam
    expect(timer.dueAt).toBe('2026-03-10T17:00:00.000Z');
    expect(summarize(procedure, sim.state!).dueAt).toBe('2026-03-10T17:00:00.000Z');
    sim.advanceTo(new Date(Date.parse(timer.dueAt) - 1));
    expect(summarize(procedure, sim.state!).state).toBe('removal.following_up');
    sim.advanceTo(new Date(timer.dueAt));
    expect(summarize(procedure, sim.state!).state).toBe('removal.overdue');
    expect(sim.effects.some((e) => e.type === 'notify' && e.role === 'lead')).toBe(true);
    expect(sim.send({ type: 'ESCALATE', data: { escalationNote: 'Đã báo cáo Bộ TT&TT đề nghị can thiệp' } }, lead)).toBeNull();
    expect(summarize(procedure, sim.state!).state).toBe('removal.following_up');
    const rearmed = [...sim.timers.values()].find((t) => t.id.startsWith('xstate.after.'))!;
    expect(rearmed.dueAt).toBe(addDuration(sim.now, 'P7D').toISOString());
  });

  it('a deadline field reads a date, a date and time or a duration; a value already past or of another kind gives none', () => {
    const now = new Date('2026-03-02T01:00:00Z');
    expect(fieldDue('2026-03-10', now)?.toISOString()).toBe('2026-03-10T17:00:00.000Z');
    expect(fieldDue('2026-03-04T08:30:00+07:00', now)?.toISOString()).toBe('2026-03-04T01:30:00.000Z');
    expect(fieldDue('P3D', now)?.toISOString()).toBe('2026-03-05T01:00:00.000Z');
    expect(fieldDue('2026-03-01', now)).toBeNull();
    expect(fieldDue('soon', now)).toBeNull();
    expect(fieldDue(undefined, now)).toBeNull();
  });

  it('leaving a state cancels its timers', () => {
    const sim = toFollowingUp();
    expect(sim.send({ type: 'REMOVED', data: { removedAt: '2026-03-03' } }, liaison)).toBeNull();
    expect([...sim.timers.keys()].filter((id) => id.includes('following_up'))).toEqual([]);
    expect(summarize(procedure, sim.state!).state).toBe('reporting_back');
  });
});

describe('form errors', () => {
  it('name the field: missing, wrong, and not part of the form', () => {
    const sim = new CaseSimulation(procedure, new Date('2026-03-02T01:00:00Z'));
    sim.open(opening, monitor);
    sim.send({ type: 'SUBMIT', data: {} }, monitor);
    const rejected = sim.send({ type: 'CONFIRM', data: { severity: 'enormous', outcome: 'removed' } }, verifier);
    expect(rejected?.code).toBe('QT_FORM_INVALID');
    expect(rejected?.details.map((d) => d.field).sort()).toEqual(['legalBasis', 'outcome', 'severity']);
  });
});
