// Scenario 4: live fan-out. N WebSocket subscribers on topic `cases`; one event over HTTP; the
// time from the HTTP answer to the last subscriber's message.
import WebSocket from 'ws';
import { percentile } from './lib/server.ts';

const UPDATE = /^\{"type":"case\.updated","seq":\d+,"case":\{"id":"([^"]+)"/;
const VERSION = /"version":(\d+)\}\}$/;

export async function fanout(base: string, cookie: string, caseId: string, subscribers: number, rounds: number) {
  const wsUrl = base.replace(/^http/, 'ws') + '/ws';
  const sockets: WebSocket[] = [];
  const arrivals = new Map<number, number[]>();
  for (let i = 0; i < subscribers; i++) {
    const ws = new WebSocket(wsUrl, { headers: { cookie, origin: base } });
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', topics: ['cases'] })));
      ws.on('message', (raw) => {
        const at = performance.now();
        // The 1,000 subscribers share this one process: parsing every message in full here (1,000
        // cases of several KB, one after another) would time this process, not the fan-out. The
        // update's case id and version are read off its text (the case's first and last fields).
        const text = String(raw);
        const update = UPDATE.exec(text);
        if (update) {
          const version = Number(VERSION.exec(text)?.[1]);
          if (update[1] !== caseId || !version) return;
          const list = arrivals.get(version) ?? [];
          list.push(at);
          arrivals.set(version, list);
        } else if ((JSON.parse(text) as { type?: string }).type === 'subscribed') resolve();
      });
    });
    sockets.push(ws);
  }
  const lags: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const res = await fetch(`${base}/api/cases/${caseId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ type: 'COMMENT', data: { text: `Vòng ${r}` } }),
    });
    const answered = performance.now();
    const { version } = (await res.json()) as { version: number };
    const deadline = performance.now() + 10_000;
    while ((arrivals.get(version)?.length ?? 0) < subscribers && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const got = arrivals.get(version) ?? [];
    if (got.length < subscribers) throw new Error(`only ${got.length}/${subscribers} subscribers got version ${version}`);
    lags.push(Math.max(0, Math.max(...got) - answered));
  }
  for (const ws of sockets) ws.terminate();
  lags.sort((a, b) => a - b);
  return { subscribers, rounds, p50: percentile(lags, 50), p99: percentile(lags, 99) };
}
