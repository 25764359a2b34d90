// An audit row in words: the action's label and the steps by their titles, never `case.event`
// or `state: deciding`.
import type { Text } from '../../lib/api/index.ts';
import { serviceAuditText } from '../../lib/service-text.ts';
import { formatDateTime } from '../../lib/format.ts';

export interface AuditRow {
  action: string;
  actor: { id: string };
  detail: Record<string, unknown>;
}

export interface AuditWords {
  /** a message of the catalog by key, with values */
  t: (key: string, values?: Record<string, string>) => string;
  /** a text in the reader's language */
  txt: (text: Text | null | undefined) => string;
  /** the title of a state (leaf paths joined by commas) */
  state: (path: string) => string;
  /** the label of an action of the procedure, if it is one */
  action: (type: string) => Text | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

export function auditText(row: AuditRow, w: AuditWords): string {
  const d = row.detail ?? {};
  switch (row.action) {
    case 'case.opened':
      return w.t('audit.opened', { state: w.state(str(d.state)) });
    case 'case.event': {
      if (d.type === 'quytrinh.sla') return w.t('timeline.slaTitle', { state: w.state(str(d.from)) });
      const label = w.txt(w.action(str(d.type))) || w.t('timeline.timer');
      return d.from !== d.to ? w.t('audit.moved', { action: label, from: w.state(str(d.from)), to: w.state(str(d.to)) }) : label;
    }
    case 'case.migrated':
      return w.t('timeline.migrated', { to: str(d.toVersion) });
    case 'case.assignee':
      return !d.to ? w.t('timeline.releasedHold') : d.to === row.actor.id ? w.t('timeline.taken') : w.t('audit.handed');
    case 'attachment.uploaded':
      return w.t('audit.uploaded', { name: str(d.filename) });
    case 'attachment.discarded':
      return w.t('audit.discarded', { name: str(d.filename) });
    default:
      if (row.action.startsWith('service.')) {
        return serviceAuditText(row, { t: w.t, txt: (x) => w.txt(x), time: (iso) => formatDateTime(iso, 'vi') }) || w.t('audit.other');
      }
      return w.t('audit.other');
  }
}
