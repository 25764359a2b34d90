// An automated step's failure said in words: every code has a sentence in both languages that
// names its values, and what was stored before errors had codes still reads.
import { describe, expect, it } from 'vitest';
import { readServiceError, serviceError, serviceErrorText, ServiceErrorCode } from '../../engine/index.ts';

describe('service errors', () => {
  it('every code reads in Vietnamese and English with its values and no raw placeholder', () => {
    const params = { status: 503, url: 'ftp://x', origin: 'https://a.example', host: '10.0.0.1', to: 'a@b.vn', template: 'thu-moi', service: 'fax', ms: 30000 };
    for (const code of Object.values(ServiceErrorCode)) {
      const text = serviceErrorText(serviceError(code, 'detail', params));
      for (const lang of ['vi', 'en'] as const) {
        expect(text[lang].length, `${code} ${lang}`).toBeGreaterThan(20);
        expect(text[lang], `${code} ${lang}`).not.toMatch(/undefined|\$\{|\{\w+\}/);
      }
    }
    expect(serviceErrorText(serviceError(ServiceErrorCode.Timeout, 'x', { ms: 30000 })).vi).toContain('30 giây');
    expect(serviceErrorText(serviceError(ServiceErrorCode.HttpStatus, 'x', { status: 503 })).en).toContain('status 503');
  });

  it('reads what it stored, and a bare message stored before codes as its detail', () => {
    const e = serviceError(ServiceErrorCode.PrivateAddress, 'x'.repeat(1000), { host: '10.0.0.1' });
    expect(e.detail).toHaveLength(300);
    expect(readServiceError(JSON.stringify(e))).toEqual(e);
    expect(readServiceError(e)).toEqual(e);
    expect(readServiceError('HTTP 500')).toEqual({ code: 'QT_SERVICE_FAILED', detail: 'HTTP 500' });
    expect(readServiceError('{"code":"QT_NOPE"}')).toEqual({ code: 'QT_SERVICE_FAILED', detail: '{"code":"QT_NOPE"}' });
    expect(readServiceError(null)).toBeNull();
    expect(readServiceError('')).toBeNull();
  });
});
