// What the printed report says about who issues it; edited once, kept in the browser.
import { stored } from '../../lib/stored.ts';
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
  parentBody: 'TỈNH ỦY AN GIANG',
  body: 'BAN TUYÊN GIÁO VÀ DÂN VẬN',
  number: '',
  symbol: 'BC/BTGDVTU',
  place: 'An Giang',
  signerCapacity: 'K/T TRƯỞNG BAN',
  signerTitle: 'PHÓ TRƯỞNG BAN',
  signerName: '',
  recipients: 'Thường trực Tỉnh ủy (b/c),\nBan Chỉ đạo 35 Tỉnh ủy,\nLưu VT.',
};

const kept = stored('local', 'qt.report.settings', DEFAULT_SETTINGS);
export const loadSettings = (): DocSettings => kept.load();
export const saveSettings = (s: DocSettings): void => kept.save(s);
