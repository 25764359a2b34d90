// The engine's schema messages are written for the file ("must NOT have fewer than 1
// characters"); on the canvas a person needs to hear which box is empty. Known cases are
// rephrased in the designer's words; everything else is shown as the engine says it.
import type { Procedure, Text, ValidationProblem } from '../../../../engine/types.ts';
import { stateConfigAt } from '../../../../engine/index.ts';
import { locate } from '../diagram/graph.ts';

const LANG: Record<string, Text> = { vi: { vi: 'tiếng Việt', en: 'Vietnamese' }, en: { vi: 'tiếng Anh', en: 'English' } };

export function friendlyMessage(procedure: Procedure, problem: ValidationProblem): Text {
  if (problem.code !== 'QT_SCHEMA') return problem.message;
  const at = locate(procedure, problem.path);
  const m = /\/meta\/(title|label)(?:\/(vi|en))?$/.exec(problem.path);
  if (!m) return problem.message;
  const lang = m[2] ? LANG[m[2]] : null;
  if (at.kind === 'state' && m[1] === 'title') {
    const title = stateConfigAt(procedure.machine, at.path)?.meta?.title;
    const name = (l: 'vi' | 'en') => title?.[l] || title?.vi || title?.en || at.path;
    return {
      vi: `Bước "${name('vi')}" chưa có tiêu đề${lang ? ` bằng ${lang.vi}` : ''}. Chọn bước và điền tiêu đề.`,
      en: `Step "${name('en')}" has no title${lang ? ` in ${lang.en}` : ''}. Select the step and fill in its title.`,
    };
  }
  if (at.kind === 'transition' && m[1] === 'label') {
    return {
      vi: `Thao tác "${at.ref.key}" chưa có nhãn${lang ? ` bằng ${lang.vi}` : ''}. Chọn mũi tên và điền nhãn.`,
      en: `Action "${at.ref.key}" has no label${lang ? ` in ${lang.en}` : ''}. Select the arrow and fill in its label.`,
    };
  }
  return problem.message;
}
