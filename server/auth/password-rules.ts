// What a new password must be (ASVS 6.2.1, 6.2.4, 6.2.11): at least 12 characters, not one of
// the commonest passwords, not containing the user name. No rules of character classes (6.2.5).
import { dictionary } from '@zxcvbn-ts/language-common';
import type { Text } from '../../engine/index.ts';

export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | null = null;
/** The list is decompressed at first use, not at start-up. */
const commonPasswords = () => (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));

export const WeakPassword = { TooShort: 'too_short', Common: 'common', ContainsUsername: 'contains_username' } as const;
export type WeakPassword = (typeof WeakPassword)[keyof typeof WeakPassword];

const MESSAGES: Record<WeakPassword, Text> = {
  too_short: {
    vi: `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`,
    en: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
  },
  common: {
    vi: 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.',
    en: 'This password is too common and easy to guess. Choose another.',
  },
  contains_username: { vi: 'Mật khẩu không được chứa tên đăng nhập.', en: 'The password must not contain the user name.' },
};

/** Why the password is too weak for this user, or null when it will do. */
export function weakPassword(password: string, username: string): { reason: WeakPassword; messages: Text } | null {
  const reason = weakReason(password, username);
  return reason ? { reason, messages: MESSAGES[reason] } : null;
}

function weakReason(password: string, username: string): WeakPassword | null {
  // characters as a person counts them: "mật" is 3, not 4 UTF-16 units or 5 bytes
  if ([...password.normalize('NFC')].length < MIN_PASSWORD_LENGTH) return WeakPassword.TooShort;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return WeakPassword.Common;
  if (username && lower.includes(username.toLowerCase())) return WeakPassword.ContainsUsername;
  return null;
}
