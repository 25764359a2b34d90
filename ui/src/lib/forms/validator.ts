// The validator behind every form the UI draws (@sjsf/form's Validator interfaces), built on the
// engine's interpreter (engine/json-schema.ts): the same checks the server runs, and no code
// generated at run time, so the page needs no 'unsafe-eval'. Messages in the reader's language.
import type { Config, FieldValueValidator, FormValue, FormValueValidator, Schema, ValidationError } from '@sjsf/form';
import { pathFromLocation, type SchemaDefinition, type Validator } from '@sjsf/form/core';
import { schemaCheck, type SchemaError } from '../../../../engine/index.ts';
import type { JsonSchema } from '../../../../engine/types.ts';
import type { Lang } from '../i18n/index.ts';
import { localizeErrors } from './localize.ts';

/** What the form holds, as JSON: fields left empty (undefined) are absent. */
const toJson = (value: unknown): unknown => (value === undefined || value === null ? null : typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value);

const pointer = (path: string[]) => '#' + path.map((k) => '/' + k.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

export function formValidator(lang: () => Lang): Validator & FormValueValidator<Record<string, unknown>> & FieldValueValidator {
  const check = (schema: Schema, value: unknown): SchemaError[] => schemaCheck(schema as JsonSchema)(toJson(value));
  return {
    isValid(schema: SchemaDefinition, _root: Schema, value: unknown) {
      return typeof schema === 'boolean' ? schema : check(schema, value).length === 0;
    },
    validateFormValue(rootSchema: Schema, formValue: FormValue) {
      const errors = localizeErrors(check(rootSchema, formValue), lang());
      if (!errors.length) return { value: formValue as Record<string, unknown> };
      return {
        value: formValue,
        // a missing property is shown under its own field
        errors: errors.map((e): ValidationError => {
          const path = e.keyword === 'required' ? [...e.path, String(e.params.missingProperty)] : e.path;
          return { path: pathFromLocation(pointer(path), formValue), message: e.message };
        }),
      };
    },
    validateFieldValue(config: Config, fieldValue: unknown) {
      // the field's own problems; an empty optional field is not of the wrong type
      return localizeErrors(check(config.schema, fieldValue), lang())
        .filter((e) => e.path.length === 0 && (config.required || e.keyword !== 'type'))
        .map((e) => e.message);
    },
  };
}
