// The AuditChainer: rows written by many writers are linked into one unbroken chain, also when
// two chainers (two server processes) run at once; stop() leaves nothing unchained.
import { describe, expect, it } from 'vitest';
import { AuditChainer } from '../../server/events/index.ts';
import { appendAudit, verifyAudit } from '../../server/stores/audit.ts';
import { dbLabel, useTestStore } from '../server/helpers.ts';

describe(`audit chainer on ${dbLabel}`, () => {
  const t = useTestStore();
  const at = new Date('2026-01-05T02:00:00.000Z');


  const write = (i: number) => t.store.db.transaction().execute((tx) => appendAudit(tx, { at, actorId: `u${i}`, action: 'step', caseId: null, detail: { i } }));

  it('links the rows of concurrent writers while two chainers run at once, in one unbroken chain', async () => {
    const a = new AuditChainer(t.store.db, () => {}, 0);
    const b = new AuditChainer(t.store.db, () => {}, 0);
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        await write(i);
        (i % 2 ? a : b).kick();
      }),
    );
    await Promise.all([a.flush(), b.flush()]);
    expect(await verifyAudit(t.store.db)).toEqual({ ok: true, checked: 60, pending: 0 });
    const links = await t.store.db.selectFrom('audit_chain').select(['chain_no', 'seq']).orderBy('chain_no').execute();
    expect(links.map((l) => Number(l.chain_no))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(links.map((l) => Number(l.seq))).size).toBe(60);
  });

  it('chains what is left when it stops', async () => {
    const chainer = new AuditChainer(t.store.db, () => {}, 60_000); // a kick would wait a minute
    for (let i = 0; i < 5; i++) await write(i);
    chainer.kick();
    expect(await verifyAudit(t.store.db)).toEqual({ ok: true, checked: 0, pending: 5 });
    await chainer.stop();
    expect(await verifyAudit(t.store.db)).toEqual({ ok: true, checked: 5, pending: 0 });
  });
});
