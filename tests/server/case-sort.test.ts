// The inbox sorted by a column on the server: step, deadline, opening time, case number, either
// way, page after page with no case twice or left out.
import { describe, expect, it } from 'vitest';
import { dbLabel, useTestApp } from './helpers.ts';

describe(`cases sorted by column on ${dbLabel}`, () => {
  const t = useTestApp({ once: true });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: t.cookies.lead } });
  const numbers: string[] = [];

  it('sets up five cases opened an hour apart, three sent for review (a deadline each)', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance('PT1H');
      const c = (await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: t.cookies.monitor }, payload: { procedure: 'mini', data: { title: `Hồ sơ ${i}` } } })).json();
      numbers.push(c.number);
      if (i % 2 === 0) {
        const res = await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/events`, headers: { cookie: t.cookies.monitor }, payload: { type: 'SUBMIT', data: {} } });
        expect(res.statusCode, res.body).toBe(200);
      }
    }
  });

  /** Every page of a sort, two cases a page. */
  async function walk(sort: string): Promise<{ number: string; state: string; dueAt: string | null; openedAt: string }[]> {
    const all = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/cases?sort=${encodeURIComponent(sort)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      all.push(...res.json().cases);
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(all).toHaveLength(5);
    return all;
  }

  it('orders by case number and by opening time, both ways', async () => {
    expect((await walk('number')).map((c) => c.number)).toEqual([...numbers].sort());
    expect((await walk('-number')).map((c) => c.number)).toEqual([...numbers].sort().reverse());
    expect((await walk('opened')).map((c) => c.number)).toEqual(numbers);
    expect((await walk('-opened')).map((c) => c.number)).toEqual([...numbers].reverse());
  });

  it('orders by deadline (cases with none last, either way) and by step', async () => {
    const byDeadline = await walk('-deadline');
    expect(byDeadline.map((c) => c.dueAt === null)).toEqual([false, false, false, true, true]);
    expect(byDeadline.slice(0, 3).map((c) => c.number)).toEqual([numbers[4], numbers[2], numbers[0]]);
    expect((await walk('deadline')).slice(0, 3).map((c) => c.number)).toEqual([numbers[0], numbers[2], numbers[4]]);
    expect((await walk('state')).map((c) => c.state)).toEqual(['draft', 'draft', 'review', 'review', 'review']);
    expect((await walk('-state')).map((c) => c.state)).toEqual(['review', 'review', 'review', 'draft', 'draft']);
  });

  it('refuses a sort it does not know', async () => {
    const res = await get('/api/cases?sort=summary');
    expect(res.statusCode).toBe(400);
  });
});
