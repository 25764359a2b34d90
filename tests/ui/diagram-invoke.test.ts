// An automated step's onDone and onError are drawn as the step's ways out, edited like any
// transition, and follow a renamed step.
import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../engine/types.ts';
import { procedureGraph, transitionAt } from '../../ui/src/lib/diagram/graph.ts';
import { toFlow } from '../../ui/src/lib/diagram/flow.ts';
import { deleteTransition, renameState, retargetTransition } from '../../ui/src/lib/designer/edit.ts';

const procedure = {
  key: 'auto',
  title: { vi: 'Tự động', en: 'Automated' },
  roles: [{ id: 'officer', title: { vi: 'Cán bộ', en: 'Officer' } }],
  machine: {
    id: 'auto',
    initial: 'calling',
    states: {
      calling: {
        meta: { title: { vi: 'Gọi hệ thống', en: 'Calling' } },
        invoke: { id: 'hook', src: 'webhook', input: { url: 'https://x.example/' }, onDone: 'sent', onError: { target: 'manual' } },
      },
      manual: { meta: { title: { vi: 'Làm tay', en: 'By hand' }, roles: ['officer'] }, on: { DONE: { target: 'sent', meta: { label: { vi: 'Xong', en: 'Done' }, roles: ['officer'] } } } },
      sent: { type: 'final', meta: { title: { vi: 'Đã gửi', en: 'Sent' } } },
    },
  },
} as unknown as Procedure;

describe('an automated step in the diagram', () => {
  it('draws onDone and onError as edges in words, the failure one marked', () => {
    const g = procedureGraph(procedure);
    const out = g.edges.filter((e) => e.source === 'calling');
    expect(out.map((e) => [e.kind, e.target, e.label.vi])).toEqual([
      ['serviceDone', 'sent', 'Xong'],
      ['serviceError', 'manual', 'Lỗi'],
    ]);
    const boxes = new Map(g.nodes.map((n, i) => [n.id, { x: i * 300, y: 0, width: 190, height: 62 }]));
    const flow = toFlow(g, boxes, { lang: 'en', readonly: true });
    const byTarget = Object.fromEntries(flow.edges.filter((e) => e.source === 'calling').map((e) => [e.target, e.data!]));
    expect(byTarget.sent).toMatchObject({ label: 'Done', failure: false });
    expect(byTarget.manual).toMatchObject({ label: 'Failed', failure: true });
  });

  it('is edited through its ref: retarget, delete, and a renamed step is followed', () => {
    const g = procedureGraph(procedure);
    const failure = g.edges.find((e) => e.kind === 'serviceError')!;
    expect(failure.ref).toEqual({ source: 'calling', on: 'invokeError', key: '0', index: 0 });
    const retargeted = retargetTransition(procedure, failure.ref, 'sent');
    expect(transitionAt(retargeted.machine, failure.ref)).toEqual({ target: 'sent' });
    const removed = deleteTransition(procedure, failure.ref);
    expect((removed.machine.states!.calling!.invoke as { onError?: unknown }).onError).toBeUndefined();
    expect((removed.machine.states!.calling!.invoke as { onDone?: unknown }).onDone).toBe('sent');
    const renamed = renameState(procedure, 'sent', 'delivered');
    expect(procedureGraph(renamed).edges.filter((e) => e.source === 'calling').map((e) => e.target)).toEqual(['delivered', 'manual']);
  });
});
