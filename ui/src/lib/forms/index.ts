export { default as FormView } from './FormView.svelte';
export { formToSjsf, fieldOrder, fieldLabel, optionLabel, inferWidget, compactData, FILES_FIELD, Widget } from './mapping.ts';
export type { SjsfProps } from './mapping.ts';
export { withoutPending, isPendingId } from './uploads.ts';
