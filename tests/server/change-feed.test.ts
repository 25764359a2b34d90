// The ChangeFeed: after-commit NOTIFYs in batches that every process hears, each payload under
// PostgreSQL's 8000-byte limit, cases before notifications, nothing lost in a burst.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CASES_CHANNEL, ChangeFeed, NOTIFICATIONS_CHANNEL, payloadIds } from '../../server/events/index.ts';
import { dbLabel, useTestStore } from './helpers.ts';

describe(`change feed on ${dbLabel}`, () => {
  const t = useTestStore({ reset: false });

  it('sends a burst of 1,000 case ids in few payloads under 8000 bytes, every id once, cases before notifications', async () => {
    const heard: { channel: string; payload: string }[] = [];
    const stops = [
      await t.store.listen(CASES_CHANNEL, (payload) => heard.push({ channel: 'cases', payload })),
      await t.store.listen(NOTIFICATIONS_CHANNEL, (payload) => heard.push({ channel: 'notifications', payload })),
    ];
    const feed = new ChangeFeed(t.store.db);
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const note = randomUUID();
    for (const id of ids) feed.cases([id]);
    feed.cases([ids[0]!]); // the same case twice in a batch: told once
    feed.notifications([note]);
    await feed.flush();
    await expect.poll(() => heard.some((h) => h.channel === 'notifications'), { timeout: 5000 }).toBe(true);

    const caseIds = heard.filter((h) => h.channel === 'cases').flatMap((h) => payloadIds(h.payload));
    expect(caseIds.sort()).toEqual([...ids].sort());
    expect(heard.every((h) => Buffer.byteLength(h.payload) < 8000)).toBe(true);
    expect(heard.filter((h) => h.channel === 'cases').length).toBeLessThanOrEqual(10);
    expect(heard.at(-1)).toEqual({ channel: 'notifications', payload: note });
    for (const stop of stops) await stop();
  });
});
