// Types of the generated validators (scripts/gen-validators.ts): Ajv validate functions.
import type { ValidateFunction } from 'ajv';

/** Checks a procedure file against schemas/procedure.schema.json. */
export declare const validateProcedureFile: ValidateFunction;
/** Checks that a value is a JSON Schema (draft-07). */
export declare const validateJsonSchema: ValidateFunction;
