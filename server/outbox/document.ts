// The `document` service: drafts an official letter from a template named in its input and
// attaches the PDF to the case (the worker attaches it in the transaction that records the step).
// Templates: `removal-request`, a request to a platform to take content down.
import { serviceError, ServiceErrorCode as Code } from '../../engine/index.ts';
import type { ServiceCall, ServiceOutcome, ServiceRunner } from './types.ts';
import { renderLetter, type Letter } from './letter.ts';

const str = (v: unknown, fallback = '') => (typeof v === 'string' && v.trim() ? v.trim() : fallback);
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\n,]+/) : []).map((s) => String(s).trim()).filter(Boolean);

/** The letter a template makes of a call, or why it cannot. */
export function letterOf(call: ServiceCall): Letter | string {
  const input = call.input;
  if (!call.case) return 'a letter is drafted for a case only';
  const kase = call.case;
  const data = kase.data;
  switch (input.template) {
    case 'removal-request': {
      const issuer = str(input.issuer, 'Sở Khoa học và Công nghệ');
      const platform = str(input.platform, str(data.platform, 'nền tảng'));
      const urls = list(input.urls ?? data.urls ?? data.url);
      const hours = Number(input.deadlineHours ?? 24);
      const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(str(input.deadline));
      const deadline = date ? `trước ngày ${date[3]}/${date[2]}/${date[1]}` : `trong thời hạn ${hours} giờ kể từ khi nhận được văn bản này`;
      const legal = str(input.legalBasis, 'Nghị định số 147/2024/NĐ-CP ngày 09 tháng 11 năm 2024 của Chính phủ về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng');
      return {
        parent: str(input.parent, 'Ủy ban nhân dân tỉnh An Giang'),
        issuer,
        symbol: str(input.symbol, 'SKHCN-TTĐT'),
        place: str(input.place, 'An Giang'),
        date: call.now,
        subject: `đề nghị gỡ bỏ nội dung vi phạm pháp luật trên ${platform}`,
        recipient: str(input.recipient, platform),
        paragraphs: [
          `Căn cứ ${legal};`,
          `Qua rà soát, xác minh (hồ sơ số ${kase.number}), ${issuer} xác định các nội dung tại những địa chỉ sau trên ${platform} vi phạm quy định của pháp luật:`,
          ...(urls.length ? urls : ['(địa chỉ ghi trong hồ sơ)']).map((u) => ({ bullet: u })),
          `${issuer} đề nghị ${str(input.recipient, platform)} gỡ bỏ, ngăn chặn các nội dung nêu trên ${deadline} và thông báo kết quả về ${issuer} để tổng hợp.`,
          'Trân trọng./.',
        ],
        copies: ['Như trên', 'Ban Chỉ đạo (để báo cáo)'],
        signerTitle: str(input.signer, 'Giám đốc'),
      };
    }
    default:
      return `no template "${String(input.template)}"; the templates are: removal-request`;
  }
}

export function documentRunner(): ServiceRunner {
  return async (call: ServiceCall): Promise<ServiceOutcome> => {
    const letter = letterOf(call);
    if (typeof letter === 'string') return { ok: false, error: serviceError(Code.NoTemplate, letter, { template: String(call.input.template) }), retry: false };
    const content = await renderLetter(letter);
    const filename = `${String(call.input.template)}-${call.case?.number ?? call.id}.pdf`.replace(/[^\w.-]+/g, '-');
    return { ok: true, result: { template: call.input.template, filename }, attachment: { filename, contentType: 'application/pdf', content } };
  };
}
