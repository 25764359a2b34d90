// What the printed report says about who issues it; edited once, kept in the browser.
export interface DocSettings {
  /** Party bodies use the Party heading (guidance 36-HD/VPTW), State bodies the national one. */
  heading: 'party' | 'state';
  parentBody: string;
  body: string;
  number: string;
  symbol: string;
  place: string;
  signerCapacity: string;
  signerTitle: string;
  signerName: string;
  recipients: string;
}

export const DEFAULT_SETTINGS: DocSettings = {
  heading: 'party',
  parentBody: 'TỈNH ỦY KIÊN GIANG',
  body: 'BAN TUYÊN GIÁO',
  number: '',
  symbol: 'BC/BTGTU',
  place: 'Kiên Giang',
  signerCapacity: 'K/T TRƯỞNG BAN',
  signerTitle: 'PHÓ TRƯỞNG BAN',
  signerName: '',
  recipients: 'Thường trực Tỉnh ủy (b/c),\nBan Chỉ đạo 35 Tỉnh ủy,\nLưu VT.',
};

const KEY = 'qt.report.settings';

export function loadSettings(): DocSettings {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (raw) return { ...DEFAULT_SETTINGS, ...(JSON.parse(raw) as Partial<DocSettings>) };
  } catch {
    /* ignore */
  }
  return { ...DEFAULT_SETTINGS };
}

export function saveSettings(s: DocSettings): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(s));
  } catch {
    /* ignore */
  }
}
