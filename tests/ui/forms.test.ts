import { describe, expect, it } from 'vitest';
import harmful from '../../workflows/harmful-content.json' with { type: 'json' };
import type { Form, Procedure } from '../../engine/types.ts';
import { formToSjsf, fieldOrder, inferWidget, compactData, fieldLabel, optionLabel, FILES_FIELD } from '../../ui/src/lib/forms/mapping.ts';
import { withoutPending, PENDING_PREFIX } from '../../ui/src/lib/forms/uploads.ts';
import { localizeErrors } from '../../ui/src/lib/forms/localize.ts';

const hc = harmful as unknown as Procedure;
const start = hc.start.form;
type Node = Record<string, any>;

describe('Form → @sjsf props', () => {
  it('keeps ui.order, then the rest of the schema', () => {
    const form: Form = { schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } } }, ui: { order: ['c', 'ghost', 'a'] } };
    expect(fieldOrder(form)).toEqual(['c', 'a', 'b']);
    expect(formToSjsf(form, 'vi').uiSchema['ui:options']).toEqual({ order: ['c', 'a', 'b'] });
  });

  it('labels, help and placeholders in the chosen language', () => {
    const vi = formToSjsf(start, 'vi').uiSchema as Node;
    const en = formToSjsf(start, 'en').uiSchema as Node;
    expect(vi.accountName['ui:options'].title).toBe('Tên tài khoản, trang, kênh đăng tải');
    expect(en.accountName['ui:options'].title).toBe('Account, page or channel name');
    expect(en.accountName['ui:options'].text.placeholder).toBe('e.g. “An Giang Hot News 24h”');
    expect(vi.description['ui:options'].help).toMatch(/^Nêu nội dung chính/);
  });

  it('maps each widget to an @sjsf component', () => {
    const { schema, uiSchema, fileFields } = formToSjsf(start, 'en');
    const ui = uiSchema as Node;
    expect(ui.description['ui:components']).toEqual({ textWidget: 'textareaWidget' });
    expect(ui.discoveredAt['ui:components']).toEqual({ textWidget: 'qtDateWidget' });
    expect(ui.platform['ui:components']).toEqual({ stringField: 'enumField' });
    expect(ui.platform['ui:options'].enumNames).toEqual(['Facebook', 'YouTube', 'TikTok', 'Zalo', 'Website', 'Other platform']);
    expect(ui.evidence['ui:components']).toEqual({ arrayField: FILES_FIELD });
    expect(fileFields).toEqual(['evidence']);
    // several URLs: the url input hints go to each item
    expect(ui.urls.items['ui:options'].text).toMatchObject({ type: 'url' });
    expect(ui.urls['ui:options'].title).toBe('Link(s) to the content *');
    // the schema itself is untouched but for the dropped root title
    expect((schema.properties as Node).urls).toEqual((start.schema.properties as Node).urls);
    expect(start.schema).not.toBe(schema);
  });

  it('fills enum from options for select and multiselect', () => {
    const form: Form = {
      schema: { type: 'object', properties: { s: { type: 'string' }, m: { type: 'array', items: { type: 'string' } } } },
      ui: {
        fields: {
          s: { widget: 'select', options: [{ value: 'x', label: { vi: 'Ích', en: 'Ex' } }] },
          m: { widget: 'multiselect', options: [{ value: 'p', label: { vi: 'Pê', en: 'Pe' } }, { value: 'q', label: { vi: 'Quy', en: 'Cue' } }] },
        },
      },
    };
    const { schema, uiSchema } = formToSjsf(form, 'vi');
    const props = schema.properties as Node;
    expect(props.s.enum).toEqual(['x']);
    expect(props.m.items.enum).toEqual(['p', 'q']);
    expect(props.m.uniqueItems).toBe(true);
    expect((uiSchema as Node).m['ui:components']).toEqual({ arrayField: 'multiEnumField' });
    expect((uiSchema as Node).m['ui:options'].enumNames).toEqual(['Pê', 'Quy']);
    expect((uiSchema as Node).s['ui:options'].enumNames).toEqual(['Ích']);
  });

  it('guesses a widget from the schema when the hint names none', () => {
    expect(inferWidget({ type: 'boolean' })).toBe('checkbox');
    expect(inferWidget({ type: 'integer' })).toBe('number');
    expect(inferWidget({ type: 'string', enum: ['a'] })).toBe('select');
    expect(inferWidget({ type: 'string', format: 'date' })).toBe('date');
    expect(inferWidget({ type: 'string', format: 'uri' })).toBe('url');
    expect(inferWidget({ type: 'string', maxLength: 5000 })).toBe('textarea');
    expect(inferWidget({ type: 'array', items: { enum: ['a'] } })).toBe('multiselect');
    expect(inferWidget({ type: 'string' }, { widget: 'files' })).toBe('files');
    expect(inferWidget({ type: 'string' }, { widget: 'no-such-widget' })).toBe('text');
  });

  it('every action form of the reference procedure maps without loss of fields', () => {
    const forms: Form[] = [start];
    const walk = (s: Node) => {
      for (const t of Object.values(s.on ?? {}) as Node[]) for (const x of [t].flat()) if (x?.meta?.form) forms.push(x.meta.form);
      for (const c of Object.values(s.states ?? {})) walk(c as Node);
    };
    walk(hc.machine as Node);
    expect(forms.length).toBeGreaterThan(10);
    for (const f of forms) {
      const { uiSchema, order } = formToSjsf(f, 'vi');
      expect(order.sort()).toEqual(Object.keys(f.schema.properties as Node).sort());
      for (const name of order) expect(uiSchema[name]).toBeDefined();
    }
  });

  it('names fields and options for timelines', () => {
    expect(fieldLabel(start, 'category', 'en')).toBe('Category');
    expect(fieldLabel(start, 'nope', 'en')).toBe('nope');
    expect(optionLabel(start, 'category', 'fraud', 'vi')).toBe('Lừa đảo, chiếm đoạt tài sản');
    expect(optionLabel(start, 'category', 'unknown', 'vi')).toBe('unknown');
  });
});

describe('data leaving a form', () => {
  it('drops empty values', () => {
    expect(compactData({ a: '', b: null, c: 'x', d: [], e: ['', 'y'], f: 0, g: false })).toEqual({ c: 'x', e: ['y'], f: 0, g: false });
  });

  it('keeps files not yet uploaded out of what the server sees', () => {
    const data = { evidence: [`${PENDING_PREFIX}k1`], more: ['id-1', `${PENDING_PREFIX}k2`], text: 'x' };
    expect(withoutPending(data, ['evidence', 'more'])).toEqual({ more: ['id-1'], text: 'x' });
  });

  it('says the validator errors in Vietnamese or English', () => {
    const errs = () => [
      { keyword: 'required', params: { missingProperty: 'a' }, message: 'must have required property', path: [] },
      { keyword: 'format', params: { format: 'uri' }, message: 'must match format', path: ['u'] },
      { keyword: 'unknownKeyword', params: {}, message: 'as is', path: [] },
    ];
    expect(localizeErrors(errs(), 'vi').map((e) => e.message)).toEqual(['Bắt buộc nhập', 'Cần một địa chỉ URL đầy đủ (https://…)', 'as is']);
    expect(localizeErrors(errs(), 'en')[0].message).toBe('Required');
  });
});

describe('starting values', () => {
  it('gives a required list of URLs one empty input, leaves the rest', async () => {
    const { initialValues } = await import('../../ui/src/lib/forms/mapping.ts');
    expect(initialValues(start)).toEqual({ urls: [''] });
    expect(initialValues(start, { urls: ['https://a'] })).toEqual({ urls: ['https://a'] });
    // the procedure asks for the discovery date to start at today; a draft's own date is kept
    expect(initialValues(start, {}, '2026-12-04')).toEqual({ urls: [''], discoveredAt: '2026-12-04' });
    expect(initialValues(start, { discoveredAt: '2026-11-30' }, '2026-12-04')).toEqual({ urls: [''], discoveredAt: '2026-11-30' });
    expect(formToSjsf(start, 'vi').uiSchema.urls).toMatchObject({ 'ui:options': { description: expect.stringMatching(/^Ghi đầy đủ/) } });
  });
});

describe('the form validator', () => {
  it('puts a missing field under that field, in the reader language, as the server would refuse it', async () => {
    const { formValidator } = await import('../../ui/src/lib/forms/validator.ts');
    const { validateFormData } = await import('../../engine/index.ts');
    let lang: 'vi' | 'en' = 'vi';
    const v = formValidator(() => lang);
    const value = { urls: ['not a url'], title: undefined };
    const result = v.validateFormValue(start.schema as never, value as never);
    const byField = Object.fromEntries((result.errors ?? []).map((e) => [e.path.join('.'), e.message]));
    expect(byField['urls.0']).toBe('Cần một địa chỉ URL đầy đủ (https://…)');
    const required = (start.schema.required as string[]).filter((k) => k !== 'urls');
    for (const k of required) expect(byField[k]).toBe('Bắt buộc nhập');
    // the server names the same fields
    expect(new Set(validateFormData(start, { urls: ['not a url'] }).map((e) => e.field))).toEqual(new Set(['urls', ...required]));
    lang = 'en';
    expect(v.validateFieldValue({ schema: { type: 'string', minLength: 3 }, required: true } as never, 'ab')).toEqual(['At least 3 characters']);
    expect(v.validateFieldValue({ schema: { type: 'string' }, required: false } as never, undefined)).toEqual([]);
    expect(v.isValid({ type: 'string', enum: ['a'] }, {} as never, 'a')).toBe(true);
    expect(v.isValid({ type: 'string', enum: ['a'] }, {} as never, 'b')).toBe(false);
  });
});

describe('dates as the reader writes them (dd/mm/yyyy), whatever the browser', async () => {
  const { dateTextToValue, dateValueToText, formatDate, formatBytes } = await import('../../ui/src/lib/format.ts');
  it('reads dd/mm/yyyy, d/m/yyyy, dots and dashes; refuses days that do not exist', () => {
    expect(dateTextToValue('04/12/2026')).toBe('2026-12-04');
    expect(dateTextToValue(' 4/1/2026 ')).toBe('2026-01-04');
    expect(dateTextToValue('29.02.2024')).toBe('2024-02-29');
    expect(dateTextToValue('31-12-2026')).toBe('2026-12-31');
    for (const bad of ['29/02/2026', '12/31/2026', '2026-12-04', '04/12/26', '', 'hôm nay']) expect(dateTextToValue(bad), bad).toBeNull();
  });
  it('writes a date field\'s value, and a date with no time is that day in any time zone', () => {
    expect(dateValueToText('2026-12-04')).toBe('04/12/2026');
    expect(dateValueToText(undefined)).toBe('');
    expect(formatDate('2026-01-01', 'en')).toBe('01/01/2026');
  });
  it('states a size limit in whole megabytes', () => {
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});

describe('how a file is shown', async () => {
  const { attachmentView } = await import('../../ui/src/lib/attachments.ts');
  it('pictures and videos in the page, PDF in a tab, saved pages and the rest only as downloads', () => {
    expect(['image/png', 'video/mp4', 'video/webm', 'application/pdf', 'text/html', 'multipart/related', 'image/svg+xml', 'text/plain'].map(attachmentView)).toEqual([
      'image', 'video', 'video', 'pdf', 'download', 'download', 'download', 'download',
    ]);
  });
});
