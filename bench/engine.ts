// Scenario 1: the engine in memory. Prints events per second of applyEvent on the reference
// procedure and the cost of validateProcedure on it and on a generated 200-state procedure.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { applyEvent, availableActions, startCase, validateProcedure, type CaseState, type Procedure } from '../engine/index.ts';

const procedure = JSON.parse(readFileSync('workflows/harmful-content.json', 'utf8')) as Procedure;
const monitor = { id: 'mon', roles: ['monitor'], unitId: 'a' };
const opening = { urls: ['https://facebook.com/x'], platform: 'facebook', category: 'fraud', description: 'Trang lừa đảo chuyển tiền', evidence: ['a1'] };

function timeIt(ms: number, fn: () => void): { ops: number; perSec: number } {
  const end = performance.now() + ms;
  let ops = 0;
  while (performance.now() < end) {
    fn();
    ops++;
  }
  return { ops, perSec: Math.round((ops * 1000) / ms) };
}

const now = new Date('2026-01-01T00:00:00Z');
const opened = startCase(procedure, opening, monitor, now);
if (!opened.ok) throw new Error(JSON.stringify(opened.rejection));
let state: CaseState = opened.state;
const comment = timeIt(2000, () => {
  const r = applyEvent(procedure, opened.state, { type: 'COMMENT', data: { text: 'Theo dõi' } }, monitor, now);
  if (!r.ok) throw new Error(r.rejection.code);
  state = r.state;
});
const submit = timeIt(2000, () => {
  const r = applyEvent(procedure, opened.state, { type: 'SUBMIT', data: {} }, monitor, now);
  if (!r.ok) throw new Error(r.rejection.code);
});
const actions = timeIt(1000, () => availableActions(procedure, state, monitor));
const validateRef = timeIt(2000, () => validateProcedure(procedure));

function generated(n: number): Procedure {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    states[`s${i}`] = {
      meta: { title: { vi: `Bước ${i}`, en: `Step ${i}` }, roles: ['monitor'], sla: 'P1D' },
      on: { NEXT: { target: i + 1 < n ? `s${i + 1}` : 'end', meta: { label: { vi: 'Tiếp', en: 'Next' }, roles: ['monitor'] } } },
    };
  }
  states.end = { type: 'final', meta: { title: { vi: 'Xong', en: 'Done' } } };
  return { ...procedure, key: 'generated', machine: { id: 'generated', initial: 's0', states } } as Procedure;
}
const big = generated(200);
const validateBig = timeIt(3000, () => validateProcedure(big));

const rows = [
  ['applyEvent COMMENT (targetless)', `${comment.perSec} events/s`],
  ['applyEvent SUBMIT (guarded, timers)', `${submit.perSec} events/s`],
  ['availableActions', `${actions.perSec} calls/s`],
  ['validateProcedure reference', `${(1000 / validateRef.perSec).toFixed(2)} ms`],
  ['validateProcedure 200 states', `${(1000 / validateBig.perSec).toFixed(2)} ms`],
];
console.table(Object.fromEntries(rows));
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/engine-${Date.now()}.json`, JSON.stringify({ machine: 'node-svc 2 cores', node: process.version, rows }, null, 2));
