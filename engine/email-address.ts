// An e-mail address as quytrinh accepts one: what the server stores for an official and what the
// officials page and the account page check before sending. Deliberately plain (one @, a dotted
// domain, no spaces or characters a mail header would misread), not RFC 5322's every corner.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

export const EMAIL_MAX_LENGTH = 254;

/** The address trimmed, its domain in lower case; null for an empty one; 'invalid' for anything else. */
export function normaliseEmail(raw: string | null | undefined): string | null | 'invalid' {
  const s = (raw ?? '').trim();
  if (s === '') return null;
  if (s.length > EMAIL_MAX_LENGTH || !EMAIL.test(s) || s.includes('..')) return 'invalid';
  const at = s.lastIndexOf('@');
  return s.slice(0, at) + '@' + s.slice(at + 1).toLowerCase();
}
