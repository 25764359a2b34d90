// What changed between two versions, in sentences an administrator reads before publishing and in
// the history: "Thêm bước 'Công an xác minh'", "Thời hạn bước 'Theo dõi kết quả': 5 ngày → 7 ngày",
// "Bỏ thao tác 'Chuyển cơ quan chức năng'". Steps and actions by their titles, never by code.
import { formatDuration, stateConfigAt } from '../../../../engine/index.ts';
import type { Procedure, Text, TransitionConfig } from '../../../../engine/types.ts';
import { targetsOf, transitionAt, type TransitionRef } from '../diagram/graph.ts';
import { resolveTarget } from '../../../../engine/index.ts';
import type { FieldChange, ProcedureDiff } from './diff.ts';

type Lang = 'vi' | 'en';

const W = {
  vi: {
    addStep: (s: string) => `Thêm bước “${s}”`,
    removeStep: (s: string) => `Bỏ bước “${s}”`,
    renameStep: (a: string, b: string) => `Đổi tên bước “${a}” thành “${b}”`,
    deadline: (s: string, a: string, b: string) => `Thời hạn bước “${s}”: ${a} → ${b}`,
    stepRoles: (s: string, a: string, b: string) => `Vai trò ở bước “${s}”: ${a} → ${b}`,
    stepOther: (s: string) => `Sửa bước “${s}”`,
    addAction: (a: string, s: string, to: string) => `Thêm thao tác “${a}” ở bước “${s}”${to ? ` (chuyển sang “${to}”)` : ''}`,
    removeAction: (a: string, s: string) => `Bỏ thao tác “${a}” ở bước “${s}”`,
    renameAction: (a: string, b: string) => `Đổi tên thao tác “${a}” thành “${b}”`,
    actionTarget: (a: string, x: string, y: string) => `Thao tác “${a}” nay chuyển sang “${y}” (trước là “${x}”)`,
    actionRoles: (a: string, x: string, y: string) => `Người được làm thao tác “${a}”: ${x} → ${y}`,
    actionForm: (a: string) => `Sửa biểu mẫu của thao tác “${a}”`,
    actionGuard: (a: string) => `Sửa điều kiện của thao tác “${a}”`,
    actionOther: (a: string) => `Sửa thao tác “${a}”`,
    title: 'Đổi tên quy trình',
    roles: 'Sửa danh sách vai trò',
    startForm: 'Sửa biểu mẫu ghi nhận ban đầu',
    startRoles: 'Sửa người được mở hồ sơ',
    other: 'Sửa thông tin chung của quy trình',
    none: 'không ai',
    noDeadline: 'không có',
  },
  en: {
    addStep: (s: string) => `Add step “${s}”`,
    removeStep: (s: string) => `Remove step “${s}”`,
    renameStep: (a: string, b: string) => `Rename step “${a}” to “${b}”`,
    deadline: (s: string, a: string, b: string) => `Deadline of step “${s}”: ${a} → ${b}`,
    stepRoles: (s: string, a: string, b: string) => `Roles at step “${s}”: ${a} → ${b}`,
    stepOther: (s: string) => `Change step “${s}”`,
    addAction: (a: string, s: string, to: string) => `Add action “${a}” at step “${s}”${to ? ` (moving to “${to}”)` : ''}`,
    removeAction: (a: string, s: string) => `Remove action “${a}” at step “${s}”`,
    renameAction: (a: string, b: string) => `Rename action “${a}” to “${b}”`,
    actionTarget: (a: string, x: string, y: string) => `Action “${a}” now moves to “${y}” (was “${x}”)`,
    actionRoles: (a: string, x: string, y: string) => `Who may take action “${a}”: ${x} → ${y}`,
    actionForm: (a: string) => `Change the form of action “${a}”`,
    actionGuard: (a: string) => `Change the condition of action “${a}”`,
    actionOther: (a: string) => `Change action “${a}”`,
    title: 'Rename the procedure',
    roles: 'Change the list of roles',
    startForm: 'Change the first form',
    startRoles: 'Change who may open a case',
    other: 'Change the procedure’s general details',
    none: 'nobody',
    noDeadline: 'none',
  },
} as const;

const text = (t: Text | undefined, lang: Lang): string | undefined => (t && typeof t === 'object' ? t[lang] || t.vi || t.en : undefined);

function stepTitle(p: Procedure, path: string, lang: Lang): string {
  if (path === '') return text(p.title, lang) ?? p.key;
  return text(stateConfigAt(p.machine, path)?.meta?.title, lang) ?? path.split('.').pop()!;
}

function actionTitle(p: Procedure, ref: TransitionRef, lang: Lang): string {
  const t = transitionAt(p.machine, ref) as TransitionConfig | undefined;
  const service = ref.on === 'invokeDone' ? { vi: 'Bước tự động xong', en: 'Automated step done' } : ref.on === 'invokeError' ? { vi: 'Bước tự động lỗi', en: 'Automated step failed' } : undefined;
  return text(t?.meta?.label as Text | undefined, lang) ?? text(service, lang) ?? (ref.key || ref.on);
}

function targetTitle(p: Procedure, ref: TransitionRef, t: TransitionConfig | undefined, lang: Lang): string {
  const target = t ? targetsOf(t)[0] : undefined;
  if (target === undefined) return '';
  const path = resolveTarget(p.machine, ref.source, target);
  return path === null ? target : stepTitle(p, path, lang);
}

function roleNames(p: Procedure, roles: unknown, lang: Lang): string {
  const list = Array.isArray(roles) ? roles : [];
  if (!list.length) return W[lang].none;
  return list.map((r) => text(p.roles.find((x) => x.id === r)?.title, lang) ?? String(r)).join(', ');
}

/** The part of a change's path after the state's or transition's own pointer: "/meta/sla". */
const tail = (c: FieldChange, anchor: RegExp) => c.path.replace(anchor, '');

export function describeChanges(diff: ProcedureDiff, before: Procedure, after: Procedure, lang: Lang): string[] {
  const w = W[lang];
  const out: string[] = [];
  const once = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  for (const s of diff.states) {
    if (s.op === 'added') once(w.addStep(stepTitle(after, s.id, lang)));
    else if (s.op === 'removed') once(w.removeStep(stepTitle(before, s.id, lang)));
    else {
      const name = stepTitle(before, s.id, lang);
      const own = stateConfigAt(after.machine, s.id);
      const old = stateConfigAt(before.machine, s.id);
      for (const c of s.changes) {
        const at = tail(c, /^\/machine(\/states\/[^/]+)*/);
        if (at.startsWith('/meta/title')) once(w.renameStep(name, stepTitle(after, s.id, lang)));
        else if (at.startsWith('/meta/sla')) {
          const d = (v: unknown) => (typeof v === 'string' ? formatDuration(v, lang) : w.noDeadline);
          once(w.deadline(name, d(old?.meta?.sla), d(own?.meta?.sla)));
        } else if (at.startsWith('/meta/roles')) once(w.stepRoles(name, roleNames(before, old?.meta?.roles, lang), roleNames(after, own?.meta?.roles, lang)));
        else once(w.stepOther(name));
      }
    }
  }
  for (const x of diff.transitions) {
    const from = x.op === 'removed' ? before : after;
    const name = actionTitle(from, x.item, lang);
    const step = stepTitle(from, x.item.source, lang);
    if (x.op === 'added') once(w.addAction(name, step, targetTitle(after, x.item, transitionAt(after.machine, x.item), lang)));
    else if (x.op === 'removed') once(w.removeAction(name, step));
    else {
      const old = transitionAt(before.machine, x.item);
      const now = transitionAt(after.machine, x.item);
      const oldName = actionTitle(before, x.item, lang);
      for (const c of x.changes) {
        const at = c.path.slice(c.path.search(/\/(target|meta|guard|actions)(\/|$)/));
        if (at.startsWith('/meta/label')) once(w.renameAction(oldName, name));
        else if (at.startsWith('/target')) once(w.actionTarget(name, targetTitle(before, x.item, old, lang), targetTitle(after, x.item, now, lang)));
        else if (at.startsWith('/meta/roles')) once(w.actionRoles(name, roleNames(before, old?.meta?.roles, lang), roleNames(after, now?.meta?.roles, lang)));
        else if (at.startsWith('/meta/form')) once(w.actionForm(name));
        else if (at.startsWith('/guard')) once(w.actionGuard(name));
        else once(w.actionOther(name));
      }
    }
  }
  for (const c of diff.other) {
    if (c.path.startsWith('/title')) once(w.title);
    else if (c.path.startsWith('/roles')) once(w.roles);
    else if (c.path.startsWith('/start/form')) once(w.startForm);
    else if (c.path.startsWith('/start/roles')) once(w.startRoles);
    else once(w.other);
  }
  return out;
}
