// The e-mail digest's words: subject and plain-text body in the official's language, each unread
// notification as the bell says it (its message), with the case's number, its procedure's title,
// the step the case is at now, when it came, and a link to the case. Pure: no clock, no database.
import type { Text } from '../engine/index.ts';

export type MailLang = 'vi' | 'en';

export interface DigestItem {
  caseId: string;
  caseNumber: string;
  procedureTitle: Text;
  /** the step the case is at now */
  stepTitle: Text;
  /** what happened, as the bell shows it */
  message: Text;
  createdAt: string;
}

export interface DigestMailInput {
  lang: MailLang;
  displayName: string;
  items: DigestItem[];
  /** more unread notifications than the mail lists */
  more: boolean;
  /** where officials open quytrinh (QUYTRINH_PUBLIC_URL), without a trailing slash */
  publicUrl: string;
  /** the local day of the digest, yyyy-mm-dd */
  day: string;
}

/** Vietnam's time: UTC+7 all year (no daylight saving since 1975). */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as officials read it in Vietnam: 09:05 05/01/2026. */
export function vietnamTime(iso: string | Date): string {
  const d = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const dayText = (day: string) => day.split('-').reverse().join('/');
const pick = (t: Text, lang: MailLang) => t[lang] || t.vi || t.en || '';

const WORDS = {
  vi: {
    subject: (n: number, day: string) => `Quy trình: ${n} thông báo chưa đọc (${day})`,
    greeting: (name: string) => `Kính gửi ${name},`,
    intro: (n: number) => `Bạn có ${n} thông báo chưa đọc kể từ lần tóm tắt trước:`,
    case: 'Hồ sơ',
    step: 'Bước hiện tại',
    at: 'Lúc',
    open: 'Mở hồ sơ',
    more: 'Còn thông báo khác chưa đọc: xem chuông thông báo trên trang.',
    why: 'Thư này được gửi vì bạn chọn nhận e-mail tóm tắt thông báo chưa đọc. Thông báo đã đọc trên trang không có trong thư.',
    stop: 'Thôi nhận thư này: bỏ chọn ở trang Tài khoản',
  },
  en: {
    subject: (n: number, day: string) => `Quytrinh: ${n} unread notification${n === 1 ? '' : 's'} (${day})`,
    greeting: (name: string) => `Dear ${name},`,
    intro: (n: number) => `You have ${n} unread notification${n === 1 ? '' : 's'} since the last digest:`,
    case: 'Case',
    step: 'Now at the step',
    at: 'At',
    open: 'Open the case',
    more: 'More notifications are unread: see the bell on the site.',
    why: 'You get this e-mail because you chose a digest of your unread notifications. Notifications read on the site are left out.',
    stop: 'To stop it, untick it on the Account page',
  },
} as const;

export function digestMail(input: DigestMailInput): { subject: string; body: string } {
  const w = WORDS[input.lang];
  const n = input.items.length;
  const lines = [w.greeting(input.displayName), '', w.intro(n), ''];
  input.items.forEach((item, i) => {
    lines.push(
      `${i + 1}. ${pick(item.message, input.lang)}`,
      `   ${w.case} ${item.caseNumber} · ${pick(item.procedureTitle, input.lang)}`,
      `   ${w.step}: ${pick(item.stepTitle, input.lang)}`,
      `   ${w.at} ${vietnamTime(item.createdAt)}`,
      `   ${w.open}: ${input.publicUrl}/#/cases/${encodeURIComponent(item.caseId)}`,
      '',
    );
  });
  if (input.more) lines.push(w.more, '');
  lines.push('--', w.why, `${w.stop}: ${input.publicUrl}/#/password`);
  return { subject: w.subject(n, dayText(input.day)), body: lines.join('\n') + '\n' };
}
