// The engine's messages are written for the file ("must NOT have fewer than 1 characters",
// `step "police_check"`); on the canvas a person needs to hear which box is empty, with steps
// and actions by their titles, and to be taken to the field that fixes it. Known cases are
// rephrased in the designer's words; every other message has its codes replaced by titles.
import type { Procedure, Text, ValidationProblem } from '../../../../engine/types.ts';
import { stateConfigAt } from '../../../../engine/index.ts';
import { locate, procedureGraph, transitionAt } from '../diagram/graph.ts';

const LANG: Record<string, Text> = { vi: { vi: 'tiếng Việt', en: 'Vietnamese' }, en: { vi: 'tiếng Anh', en: 'English' } };

const named = (t: Text | undefined, l: 'vi' | 'en', fallback: Text): string => t?.[l] || t?.vi || t?.en || fallback[l];
const NO_TITLE: Text = { vi: 'chưa có tiêu đề', en: 'untitled' };

/** Quoted state paths and event types of a message replaced by the titles and labels they name. */
export function withTitles(procedure: Procedure, message: Text): Text {
  const graph = procedureGraph(procedure);
  const states = new Map(graph.nodes.map((n) => [n.id, n.title]));
  const events = new Map<string, Text>();
  for (const e of graph.edges) if (e.kind === 'event' && e.label && !events.has(e.event)) events.set(e.event, e.label);
  for (const g of graph.global) if (g.label && !events.has(g.event)) events.set(g.event, g.label);
  const swap = (s: string, l: 'vi' | 'en') =>
    s.replace(/"([A-Za-z0-9_.]+)"/g, (all, code: string) => {
      const t = states.get(code) ?? events.get(code);
      return t ? `"${named(t, l, NO_TITLE)}"` : all;
    });
  return { vi: swap(message.vi, 'vi'), en: swap(message.en, 'en') };
}

export function friendlyMessage(procedure: Procedure, problem: ValidationProblem): Text {
  // A file that is not a procedure yet (opened in the JSON tab) has no titles to name things by.
  try {
    return rephrase(procedure, problem);
  } catch {
    return problem.message;
  }
}

function rephrase(procedure: Procedure, problem: ValidationProblem): Text {
  const at = locate(procedure, problem.path);
  const stateTitle = at.kind === 'state' ? stateConfigAt(procedure.machine, at.path)?.meta?.title : undefined;
  const step = (l: 'vi' | 'en') => named(stateTitle, l, NO_TITLE);
  if (at.kind === 'state') {
    switch (problem.code) {
      case 'QT_STATE_NO_ACTOR':
        return {
          vi: `Ở bước "${step('vi')}" chưa ai làm được gì. Chọn vai trò xử lý của bước (các thao tác của bước nhận vai trò đó) hoặc thêm một thao tác.`,
          en: `Nobody can act at step "${step('en')}". Choose the roles who work the step (its actions take them) or add an action.`,
        };
      case 'QT_STATE_UNREACHABLE':
        return {
          vi: `Không thao tác nào dẫn tới bước "${step('vi')}". Thêm một thao tác ở bước trước với "Bước tiếp theo" là bước này, hoặc xóa bước.`,
          en: `No action leads to step "${step('en')}". Add an action to an earlier step with this one as its next step, or delete the step.`,
        };
      case 'QT_STATE_NO_PATH_TO_FINAL':
        return {
          vi: `Từ bước "${step('vi')}" hồ sơ không thể kết thúc. Thêm một thao tác dẫn tới bước tiếp theo hoặc bước kết thúc.`,
          en: `From step "${step('en')}" a case can never finish. Add an action leading on, or to a final step.`,
        };
    }
  }
  if (problem.code !== 'QT_SCHEMA' && problem.code !== 'QT_STATE_TITLE_MISSING') return withTitles(procedure, problem.message);
  const m = /\/meta\/(title|label)(?:\/(vi|en))?$/.exec(problem.path);
  if (!m) return withTitles(procedure, problem.message);
  const lang = m[2] ? LANG[m[2]] : null;
  if (at.kind === 'state' && m[1] === 'title') {
    return {
      vi: `Bước "${step('vi')}" chưa có tiêu đề${lang ? ` bằng ${lang.vi}` : ' bằng cả hai thứ tiếng'}. Điền tiêu đề của bước.`,
      en: `Step "${step('en')}" has no title${lang ? ` in ${lang.en}` : ' in both languages'}. Fill in the step's title.`,
    };
  }
  if (at.kind === 'transition' && m[1] === 'label') {
    const label = transitionAt(procedure.machine, at.ref)?.meta?.label;
    const action = (l: 'vi' | 'en') => named(label, l, NO_TITLE);
    return {
      vi: `Thao tác "${action('vi')}" chưa có tên${lang ? ` bằng ${lang.vi}` : ''}. Điền tên của thao tác.`,
      en: `Action "${action('en')}" has no name${lang ? ` in ${lang.en}` : ''}. Fill in the action's name.`,
    };
  }
  return withTitles(procedure, problem.message);
}

/**
 * The field of the side panel that fixes a problem, as the start of its `name` attribute, once
 * the problem's step or action is selected; null when no one field does.
 */
export function fieldToFix(procedure: Procedure, problem: ValidationProblem): string | null {
  try {
    return fieldOf(procedure, problem);
  } catch {
    return null;
  }
}

function fieldOf(procedure: Procedure, problem: ValidationProblem): string | null {
  const at = locate(procedure, problem.path);
  const m = /\/meta\/(title|label)(?:\/(vi|en))?$/.exec(problem.path);
  if (at.kind === 'state') {
    if (m?.[1] === 'title' || problem.code === 'QT_STATE_TITLE_MISSING') {
      const t = stateConfigAt(procedure.machine, at.path)?.meta?.title;
      return `state-title-${m?.[2] ?? (t?.vi ? 'en' : 'vi')}`;
    }
    if (problem.code === 'QT_STATE_NO_ACTOR') return 'state-role-';
    if (problem.code === 'QT_STATE_NO_PATH_TO_FINAL') return 'new-action-vi';
    if (/\/meta\/sla$/.test(problem.path)) return 'sla-amount';
    if (/\/meta\/roles/.test(problem.path)) return 'state-role-';
    return 'state-title-vi';
  }
  if (at.kind === 'transition') {
    if (m?.[1] === 'label') return `transition-label-${m[2] ?? 'vi'}`;
    if (/\/meta\/roles/.test(problem.path)) return 'transition-role-';
    if (/\/target/.test(problem.path)) return 'target';
    return 'transition-label-vi';
  }
  return null;
}
