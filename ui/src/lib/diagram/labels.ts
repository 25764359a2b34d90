// Where each transition's label goes: on its own path, clear of every step and of the labels
// placed before it. Positions of steps are the person's (saved layout), so labels are placed
// after the steps, along the smooth-step route Svelte Flow draws between the two handles.
import { StateKind, type ProcedureGraph } from './graph.ts';
import { absolutePosition, type Layout } from './layout.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A label's size as drawn (11 px text, 6 px padding, at most 180 px wide). */
export function labelSize(text: string): { width: number; height: number } {
  return { width: Math.min(180, 16 + [...text].length * 6.6), height: 20 };
}

const GAP = 4;
const overlaps = (a: Rect, b: Rect, gap = GAP) =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
const overlapArea = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** The corners of the route from the right of the source to the left of the target (approximately Svelte Flow's). */
function route(s: { x: number; y: number }, t: { x: number; y: number }): { x: number; y: number }[] {
  if (t.x >= s.x + 40) {
    const cx = (s.x + t.x) / 2;
    return [s, { x: cx, y: s.y }, { x: cx, y: t.y }, t];
  }
  const cy = (s.y + t.y) / 2;
  return [s, { x: s.x + 20, y: s.y }, { x: s.x + 20, y: cy }, { x: t.x - 20, y: cy }, { x: t.x - 20, y: t.y }, t];
}

/** Points along a polyline, from its middle outwards, with a few offsets either side. */
function candidates(points: { x: number; y: number }[]): { x: number; y: number }[] {
  const segs = points.slice(1).map((p, i) => ({ a: points[i], b: p, len: Math.hypot(p.x - points[i].x, p.y - points[i].y) }));
  const total = segs.reduce((n, s) => n + s.len, 0) || 1;
  const at = (d: number) => {
    for (const s of segs) {
      if (d <= s.len || s === segs[segs.length - 1]) {
        const f = s.len ? Math.min(1, d / s.len) : 0;
        return { x: s.a.x + (s.b.x - s.a.x) * f, y: s.a.y + (s.b.y - s.a.y) * f };
      }
      d -= s.len;
    }
    return points[0];
  };
  const out: { x: number; y: number }[] = [];
  const steps = 24;
  const order = [...Array(steps + 1).keys()].map((i) => i / steps).sort((p, q) => Math.abs(p - 0.5) - Math.abs(q - 0.5));
  for (const offset of [0, -16, 16, -32, 32, -52, 52]) {
    for (const f of order) {
      const p = at(total * f);
      out.push({ x: p.x, y: p.y + offset });
    }
  }
  return out;
}

/**
 * The centre of each labelled edge's label, by edge id: the first point along its route where
 * the label covers no step and no label placed before; failing that, where it covers least.
 */
export function placeLabels(graph: ProcedureGraph, layout: Layout, labels: Map<string, string>): Map<string, { x: number; y: number }> {
  const steps: Rect[] = [];
  const abs = new Map<string, Rect>();
  for (const n of graph.nodes) {
    const b = layout.get(n.id);
    if (!b) continue;
    const p = absolutePosition(n.id, layout);
    const r = { x: p.x, y: p.y, width: b.width, height: b.height };
    abs.set(n.id, r);
    const group = n.kind === StateKind.Compound || n.kind === StateKind.Parallel;
    // a group's header holds its title; the rest of it is room for labels
    steps.push(group ? { ...r, height: 40 } : r);
  }
  const placed: Rect[] = [];
  const out = new Map<string, { x: number; y: number }>();
  for (const e of graph.edges) {
    const text = labels.get(e.id);
    const s = abs.get(e.source);
    const t = abs.get(e.target);
    if (!text || !s || !t) continue;
    const size = labelSize(text);
    const from = { x: s.x + s.width, y: s.y + s.height / 2 };
    const to = { x: t.x, y: t.y + t.height / 2 };
    let best: { x: number; y: number } | null = null;
    let bestCost = Infinity;
    for (const c of candidates(route(from, to))) {
      const r = { x: c.x - size.width / 2, y: c.y - size.height / 2, ...size };
      const hits = [...steps, ...placed].filter((o) => overlaps(r, o));
      if (!hits.length) {
        best = c;
        break;
      }
      const cost = hits.reduce((n, o) => n + overlapArea(r, o) + 1, 0);
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    if (!best) continue;
    placed.push({ x: best.x - size.width / 2, y: best.y - size.height / 2, ...size });
    out.set(e.id, best);
  }
  return out;
}
