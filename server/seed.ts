// First start: the reference procedures, the administrator, and — on the embedded database —
// a small demo province so a newcomer sees a working system.
import type { Kysely } from 'kysely';
import { validateProcedure, type Procedure, type Text } from '../engine/index.ts';
import type { Database } from './db/schema.ts';
import { randomPassword, hashPassword } from './auth/passwords.ts';
import { createUnit, createUser, findUserByUsername, getUser } from './stores/users.ts';
import { procedureExists, publishVersion } from './stores/procedures.ts';
import { appendAudit } from './stores/audit.ts';
import { openCase, sendEvent, type FlowContext } from './events/index.ts';
import { saveAttachment } from './stores/attachments.ts';
import { ROLES } from './access.ts';
import type { Scheduler } from './scheduler.ts';
import { shippedFiles, WORKFLOWS_DIR } from './shipped.ts';

type Db = Kysely<Database>;
type Log = (msg: string) => void;

export { WORKFLOWS_DIR };

/** Publishes, as version 1, every workflows/*.json whose key the database does not have yet. */
export async function installProcedures(db: Db, now: Date, log: Log, dir = WORKFLOWS_DIR): Promise<string[]> {
  const installed: string[] = [];
  for (const { file, procedure } of shippedFiles(dir)) {
    const result = validateProcedure(procedure);
    if (!result.valid) {
      log(`workflows/${file} is not valid and was not installed: ${result.errors.map((e) => `${e.path} ${e.message.en}`).join('; ')}`);
      continue;
    }
    if (await procedureExists(db, procedure.key)) continue;
    await db.transaction().execute(async (tx) => {
      await publishVersion(tx, procedure, 'system', `Installed from workflows/${file}`, now);
      await appendAudit(tx, { at: now, actorId: 'system', action: 'procedure.published', caseId: null, detail: { key: procedure.key, version: 1, file } });
    });
    installed.push(procedure.key);
  }
  return installed;
}

/** The fewest characters a chosen administrator password may have. */
export const ADMIN_PASSWORD_MIN = 12;

/** Why QUYTRINH_ADMIN_PASSWORD cannot be used, or null (unset: a random one is made). */
export function adminPasswordProblem(password: string | undefined): Text | null {
  if (!password) return null;
  const length = [...password].length;
  if (length >= ADMIN_PASSWORD_MIN) return null;
  return {
    vi: `QUYTRINH_ADMIN_PASSWORD quá ngắn (${length} ký tự): mật khẩu quản trị cần ít nhất ${ADMIN_PASSWORD_MIN} ký tự, ví dụ một câu dễ nhớ; hoặc bỏ trống để máy chủ tạo mật khẩu ngẫu nhiên. Máy chủ chưa khởi động.`,
    en: `QUYTRINH_ADMIN_PASSWORD is too short (${length} characters): the administrator's password needs at least ${ADMIN_PASSWORD_MIN}, a sentence you remember, say; or leave it unset for a random one. The server was not started.`,
  };
}

/** Creates `admin` if missing; returns the password when it made one up. */
export async function ensureAdmin(db: Db, now: Date, password?: string): Promise<{ created: boolean; password?: string }> {
  const weak = adminPasswordProblem(password);
  if (weak) throw new Error(weak.en);
  if (await findUserByUsername(db, 'admin')) return { created: false };
  const pw = password || randomPassword();
  await db.transaction().execute(async (tx) => {
    const unit = await createUnit(tx, 'Ban Chỉ đạo 35 Tỉnh ủy', now);
    const id = await createUser(tx, { username: 'admin', displayName: 'Quản trị hệ thống', unitId: unit.id, roles: ['admin'], password: pw }, now);
    await appendAudit(tx, { at: now, actorId: 'system', action: 'user.created', caseId: null, detail: { id, username: 'admin' } });
  });
  return password ? { created: true } : { created: true, password: pw };
}

const DEMO_UNITS = ['Ban Tuyên giáo và Dân vận Tỉnh ủy', 'Đảng ủy phường Rạch Giá'];
const ROLE_NAMES: Record<string, string> = {
  monitor: 'Cán bộ rà soát',
  verifier: 'Cán bộ xác minh',
  lead: 'Lãnh đạo Ban Chỉ đạo',
  liaison: 'Cán bộ Sở KH&CN',
  secretariat: 'Cán bộ tổng hợp',
  observer: 'Ủy viên Ban Thường vụ',
};

// A 1×1 PNG: evidence for the demo cases.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Demo province: two units, one account per role in each (`monitor`, … and `monitor2`, …) and
 * a handful of cases in different states, driven through the engine. Runs once.
 */
export async function seedDemo(
  ctx: FlowContext,
  scheduler: Scheduler | null,
  now: Date,
  password?: string,
): Promise<{ created: boolean; password?: string }> {
  const db = ctx.db;
  if (await findUserByUsername(db, 'monitor')) return { created: false };
  const pw = password || randomPassword();
  const hash = await hashPassword(pw);
  const ids: Record<string, string> = {};
  await db.transaction().execute(async (tx) => {
    for (const [i, name] of DEMO_UNITS.entries()) {
      const unit = await createUnit(tx, name, now);
      for (const role of ROLES) {
        const username = i === 0 ? role : `${role}${i + 1}`;
        if (role === 'admin') continue; // administrators are created on purpose, never with the shared demo password
        ids[username] = await createUser(
          tx,
          { username, displayName: `${ROLE_NAMES[role]} ${i === 0 ? '' : '(' + name + ')'}`.trim(), unitId: unit.id, roles: [role], passwordHash: hash },
          now,
        );
      }
    }
    await appendAudit(tx, { at: now, actorId: 'system', action: 'demo.seeded', caseId: null, detail: { users: Object.keys(ids).length } });
  });
  if (!(await procedureExists(db, 'harmful-content'))) return { created: true, password: password ? undefined : pw };

  const user = async (name: string) => (await getUser(db, ids[name]!))!;
  const day = 86_400_000;
  const at = (daysAgo: number, hours = 0) => new Date(now.getTime() - daysAgo * day + hours * 3_600_000);
  const date = (d: Date) => d.toISOString().slice(0, 10);

  async function open(monitor: string, when: Date, data: Record<string, unknown>) {
    const m = await user(monitor);
    const evidence = await saveAttachment(db, { caseId: null, filename: 'anh-chup-man-hinh.png', contentType: 'image/png', content: PNG, uploadedBy: m.id }, when);
    return openCase(ctx, m, 'harmful-content', { ...data, evidence: [evidence.id] }, when);
  }
  async function step(caseId: string, who: string, when: Date, type: string, data: Record<string, unknown> = {}) {
    return sendEvent(ctx, { caseId, event: { type, data }, acting: { user: await user(who) } }, when);
  }
  const base = (n: number, category: string, platform: string, description: string) => ({
    urls: [`https://www.facebook.com/demo.page.${n}/posts/${1000 + n}`],
    platform,
    category,
    description,
    discoveredAt: date(at(10 - n)),
    reach: 1000 * n,
  });

  // 1. Just recorded, not yet submitted.
  await open('monitor', at(0, -2), base(1, 'fraud', 'facebook', 'Trang giả mạo kêu gọi chuyển tiền "hỗ trợ" người dân.'));
  // 2. Submitted, waiting for a verifier.
  const c2 = await open('monitor', at(2), base(2, 'impersonation', 'facebook', 'Tài khoản mạo danh lãnh đạo tỉnh để lừa đảo.'));
  await step(c2.id, 'monitor', at(2, 1), 'SUBMIT', { submitNote: 'Đề nghị xác minh gấp.' });
  // 3. Verified, waiting for the lead's decision.
  const c3 = await open('monitor2', at(4), base(3, 'false_information', 'tiktok', 'Video bịa đặt về dịch bệnh tại địa phương.'));
  await step(c3.id, 'monitor2', at(4, 1), 'SUBMIT');
  await step(c3.id, 'verifier', at(3), 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' });
  // 4. Removal requested and sent; the platform has not answered yet.
  const c4 = await open('monitor', at(9), base(4, 'defamation', 'youtube', 'Kênh đăng video xúc phạm danh dự cán bộ.'));
  await step(c4.id, 'monitor', at(9, 1), 'SUBMIT');
  await step(c4.id, 'verifier', at(8), 'CONFIRM', { legalBasis: ['cybersecurity_law_2018'], severity: 'medium' });
  await step(c4.id, 'lead', at(7), 'REQUEST_REMOVAL', { deadline: date(at(0)) });
  await step(c4.id, 'liaison', at(6), 'SENT', { requestReference: '125/STTTT-TTBCXB', sentAt: date(at(6)), channel: 'ministry_ict' });
  // 5. Removed and reported back: done.
  const c5 = await open('monitor2', at(12), base(5, 'false_advertising', 'website', 'Website quảng cáo thực phẩm chức năng sai sự thật.'));
  await step(c5.id, 'monitor2', at(12, 1), 'SUBMIT');
  await step(c5.id, 'verifier', at(11), 'CONFIRM', { legalBasis: ['advertising_law_2012'], severity: 'low' });
  await step(c5.id, 'lead', at(11, 4), 'REQUEST_REMOVAL', { deadline: date(at(5)) });
  await step(c5.id, 'liaison', at(10), 'SENT', { requestReference: '118/STTTT-TTBCXB', sentAt: date(at(10)), channel: 'official_letter' });
  await step(c5.id, 'liaison', at(8), 'REMOVED', { removedAt: date(at(8)) });
  await step(c5.id, 'secretariat', at(7), 'SUBMIT_REPORT', { reportNumber: '15-BC/BTGDVTU', summary: 'Nội dung đã được gỡ bỏ theo yêu cầu.' });
  // 6. Not a violation.
  const c6 = await open('monitor', at(6), base(6, 'indecency', 'zalo', 'Nhóm chia sẻ hình ảnh phản cảm.'));
  await step(c6.id, 'monitor', at(6, 1), 'SUBMIT');
  await step(c6.id, 'verifier', at(5), 'REJECT', { reason: 'Nội dung không vi phạm quy định hiện hành.' });
  // 7. Referred to the police.
  const c7 = await open('monitor2', at(5), base(7, 'fraud', 'zalo', 'Nhóm Zalo lừa đảo đầu tư tiền ảo.'));
  await step(c7.id, 'monitor2', at(5, 1), 'SUBMIT');
  await step(c7.id, 'verifier', at(4), 'CONFIRM', { legalBasis: ['criminal_code_2015'], severity: 'critical' });
  await step(c7.id, 'lead', at(3), 'REFER', { referredTo: 'provincial_police', referralNote: 'Chuyển Công an tỉnh xử lý theo thẩm quyền.' });

  // Deadlines that passed in the demo's past fall due now.
  await scheduler?.runDue();
  return { created: true, password: password ? undefined : pw };
}
