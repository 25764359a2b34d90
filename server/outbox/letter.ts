// An official letter as a PDF in the layout of Decree 30/2020/NĐ-CP: A4, margins 20 mm top and
// bottom, 30 mm left, 15 mm right; issuing body and number top left, the national heading top
// right with place and date in italics under it, the subject (V/v …) under the number, "Kính gửi",
// the body, then "Nơi nhận" left and the signature block right. Tinos (Times-compatible) from
// @fontsource/tinos, whose files are split by script: every run of text takes the file that has
// its letters (fontkit tells which), so Vietnamese comes out whole.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export interface Letter {
  parent?: string;
  issuer: string;
  /** the symbol after the number: "SKHCN-TTĐT"; the number is left for the clerk */
  symbol: string;
  place: string;
  date: Date;
  /** trích yếu: what the letter is about, after "V/v" */
  subject: string;
  recipient: string;
  paragraphs: (string | { bullet: string })[];
  copies: string[];
  signerTitle: string;
  signer?: string;
}

type Style = 'regular' | 'bold' | 'italic' | 'boldItalic';
const FILES: Record<Style, string> = { regular: '400-normal', bold: '700-normal', italic: '400-italic', boldItalic: '700-italic' };
const SUBSETS = ['latin', 'vietnamese'] as const;

const require = createRequire(import.meta.url);
let fonts: { name: string; style: Style; data: Buffer; covers: (cp: number) => boolean }[] | null = null;
function loadFonts() {
  fonts ??= (Object.keys(FILES) as Style[]).flatMap((style) =>
    SUBSETS.map((subset) => {
      const data = readFileSync(require.resolve(`@fontsource/tinos/files/tinos-${subset}-${FILES[style]}.woff`));
      const font = fontkit.create(data) as unknown as { hasGlyphForCodePoint(cp: number): boolean };
      return { name: `${style}-${subset}`, style, data, covers: (cp: number) => font.hasGlyphForCodePoint(cp) };
    }),
  );
  return fonts;
}

const MM = 72 / 25.4;

/** "ngày 05 tháng 01 năm 2026" in Vietnam's time; days under 10 and months under 3 with a leading zero (Decree 30). */
export function vietnameseDate(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3600_000);
  const d = local.getUTCDate();
  const m = local.getUTCMonth() + 1;
  return `ngày ${String(d).padStart(2, '0')} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${local.getUTCFullYear()}`;
}

export function renderLetter(letter: Letter): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM },
    info: { Title: letter.subject, Author: letter.issuer, Producer: 'quytrinh' },
  });
  const all = loadFonts();
  for (const f of all) doc.registerFont(f.name, f.data);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });

  /** Writes text in runs of the font file that has their letters; the options apply to the whole. */
  const write = (text: string, style: Style, size: number, options: PDFKit.Mixins.TextOptions, at?: { x: number; y: number }) => {
    const runs: { font: string; text: string }[] = [];
    for (const ch of text.normalize('NFC')) {
      const cp = ch.codePointAt(0)!;
      const font = all.find((f) => f.style === style && f.covers(cp)) ?? all.find((f) => f.style === style)!;
      const last = runs.at(-1);
      if (last && last.font === font.name) last.text += ch;
      else runs.push({ font: font.name, text: ch });
    }
    // spaces open the next run rather than close one: pdfkit drops a fragment's trailing spaces
    for (let i = 1; i < runs.length; i++) {
      const trailing = /\s+$/.exec(runs[i - 1]!.text)?.[0] ?? '';
      if (trailing) {
        runs[i - 1]!.text = runs[i - 1]!.text.slice(0, -trailing.length);
        runs[i]!.text = trailing + runs[i]!.text;
      }
    }
    doc.fontSize(size);
    runs.forEach((run, i) => {
      doc.font(run.font);
      const opts = { ...options, continued: i < runs.length - 1 };
      if (i === 0 && at) doc.text(run.text, at.x, at.y, opts);
      else doc.text(run.text, opts);
    });
    if (!runs.length) doc.moveDown();
  };

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.page.margins.top;
  const leftW = 80 * MM;
  const rightX = left + leftW;
  const rightW = width - leftW;

  // top left: the body above, the issuing body, the number
  let y = top;
  if (letter.parent) {
    write(letter.parent.toUpperCase(), 'regular', 12, { width: leftW, align: 'center' }, { x: left, y });
    y = doc.y;
  }
  write(letter.issuer.toUpperCase(), 'bold', 12, { width: leftW, align: 'center' }, { x: left, y });
  const issuerEnd = doc.y;
  doc.moveTo(left + leftW / 2 - 15 * MM, issuerEnd + 2).lineTo(left + leftW / 2 + 15 * MM, issuerEnd + 2).lineWidth(0.5).stroke();
  write(`Số:       /${letter.symbol}`, 'regular', 13, { width: leftW, align: 'center' }, { x: left, y: issuerEnd + 8 });
  write(`V/v ${letter.subject}`, 'regular', 12, { width: leftW, align: 'center' }, { x: left, y: doc.y + 4 });
  const leftEnd = doc.y;

  // top right: the national heading, the motto underlined, place and date
  write('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'bold', 12, { width: rightW, align: 'center' }, { x: rightX, y: top });
  write('Độc lập - Tự do - Hạnh phúc', 'bold', 13, { width: rightW, align: 'center' }, { x: rightX, y: doc.y });
  const mottoEnd = doc.y;
  doc.moveTo(rightX + rightW / 2 - 27 * MM, mottoEnd + 2).lineTo(rightX + rightW / 2 + 27 * MM, mottoEnd + 2).lineWidth(0.5).stroke();
  write(`${letter.place}, ${vietnameseDate(letter.date)}`, 'italic', 13, { width: rightW, align: 'center' }, { x: rightX, y: mottoEnd + 8 });
  const rightEnd = doc.y;

  // to whom, then the body
  y = Math.max(leftEnd, rightEnd) + 18;
  write(`Kính gửi: ${letter.recipient}`, 'regular', 14, { width, align: 'center' }, { x: left, y });
  doc.moveDown(0.8);
  for (const p of letter.paragraphs) {
    const text = typeof p === 'string' ? p : `- ${p.bullet}`;
    write(text, 'regular', 14, { width, align: 'justify', indent: typeof p === 'string' ? 10 * MM : 0, paragraphGap: 6, lineGap: 2 }, { x: left, y: doc.y });
  }

  // Nơi nhận left, the signature block right, side by side
  y = doc.y + 18;
  if (y > doc.page.height - doc.page.margins.bottom - 60 * MM) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  write('Nơi nhận:', 'boldItalic', 12, { width: leftW }, { x: left, y });
  for (const c of letter.copies) write(`- ${c};`, 'regular', 11, { width: leftW }, { x: left, y: doc.y });
  write('- Lưu: VT.', 'regular', 11, { width: leftW }, { x: left, y: doc.y });
  write(letter.signerTitle.toUpperCase(), 'bold', 13, { width: rightW, align: 'center' }, { x: rightX, y });
  write('(Ký, ghi rõ họ tên, đóng dấu)', 'italic', 12, { width: rightW, align: 'center' }, { x: rightX, y: doc.y });
  if (letter.signer) write(letter.signer, 'bold', 13, { width: rightW, align: 'center' }, { x: rightX, y: doc.y + 60 });
  doc.end();
  return done;
}
