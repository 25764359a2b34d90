// The reference procedure as the province works today: current legal bases (several at once),
// removal and referral in one decision, and a withdrawn category's cases counted as "other".
import { describe, expect, it } from 'vitest';
import { OUTCOMES, type Procedure } from '../../engine/index.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { dbLabel, multipart, PNG, referenceProcedure, START, type UserName, useTestApp } from './helpers.ts';

const zero = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
const JANUARY = 'from=2026-01-01&to=2026-01-31';

describe(`the reference procedure’s content on ${dbLabel}`, () => {
  const t = useTestApp();
  const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const open = async (category: string) => {
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const res = await http('monitor', 'POST', '/api/cases', {
      procedure: 'harmful-content',
      data: { urls: ['https://example.vn/x'], platform: 'facebook', category, description: 'Trang giả mạo cơ quan nhà nước', evidence: [evidence.id] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const send = async (id: string, who: UserName, type: string, data: Record<string, unknown> = {}) => {
    t.clock.advance('PT1H');
    const res = await http(who, 'POST', `/api/cases/${id}/events`, { type, data });
    expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
    return res.json();
  };

  it('offers current legal bases only, several at once, and the categories of its scope', () => {
    const p = referenceProcedure();
    const confirm = p.machine.states!.verifying.on!.CONFIRM as unknown as { meta: { form: { schema: { properties: Record<string, { type: string; items: { enum: string[] } }> } } } };
    const legal = confirm.meta.form.schema.properties.legalBasis;
    expect(legal.type).toBe('array');
    expect(legal.items.enum).toContain('decree_147_2024');
    expect(legal.items.enum).not.toContain('decree_72_2013');
    const categories = p.start.form.ui!.fields!.category.options!.map((o) => o.value);
    expect(categories).toEqual(['impersonation', 'fraud', 'false_advertising', 'defamation', 'false_information', 'indecency', 'other']);
    expect(JSON.stringify(p)).not.toMatch(/Thông tin và Truyền thông|Information and Communications|72\/2013/);
  });

  it('lets the lead request removal and refer to the police in one decision, counted as both', async () => {
    await publishVersion(t.store.db, referenceProcedure(), 'system', 'reference', new Date(START));
    const id = await open('fraud');
    await send(id, 'monitor', 'SUBMIT');
    await send(id, 'verifier', 'CONFIRM', { legalBasis: ['decree_147_2024', 'criminal_code_2015'], severity: 'high' });
    const decided = await send(id, 'lead', 'REQUEST_REMOVAL_AND_REFER', { deadline: '2026-01-09', referredTo: 'provincial_police', referralNote: 'Dấu hiệu lừa đảo chiếm đoạt tài sản.' });
    expect(decided.state).toBe('removal.requested');
    expect(decided.data).toMatchObject({ legalBasis: ['decree_147_2024', 'criminal_code_2015'], referredTo: 'provincial_police', deadline: '2026-01-09' });
    const report = (await http('observer', 'GET', `/api/reports/summary?${JANUARY}`)).json();
    expect(report.totals).toEqual({ ...zero, detected: 1, verified: 1, removal_requested: 1, referred: 1 });
  });

  it('counts a case of the withdrawn category under "other", its data kept', async () => {
    const old = referenceProcedure() as Procedure & { caseSchema: { properties: { category: { enum: string[] } } } };
    const withdrawn = (p: Procedure) => {
      (p.start.form.schema as { properties: { category: { enum: string[] } } }).properties.category.enum.push('anti_state');
      return p;
    };
    await publishVersion(t.store.db, withdrawn(old), 'system', 'before', new Date(START));
    const a = await open('anti_state');
    await publishVersion(t.store.db, referenceProcedure(), 'system', 'now', new Date(START));
    await open('other');
    expect((await http('observer', 'GET', `/api/cases/${a}`)).json().data.category).toBe('anti_state');
    for (const who of ['observer', 'lead', 'secretariat'] as const) {
      const report = (await http(who, 'GET', `/api/reports/summary?${JANUARY}`)).json();
      expect(report.byCategory.map((g: { key: string; detected: number }) => [g.key, g.detected])).toEqual([['other', 2]]);
    }
  });
});
