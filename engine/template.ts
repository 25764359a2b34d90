// Placeholders in an automated step's input: "{{data.platform}}" is the case's field, filled in
// when the step starts. A string that is only a placeholder takes the value as it is (a list
// stays a list); names the values do not have are left for the server (`{{case.number}}`).
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[\w-]+)*)\s*\}\}/g;

function lookupPath(values: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  let cur: unknown = values;
  for (const key of path.split('.')) {
    if (!cur || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return { found: false, value: undefined };
    cur = (cur as Record<string, unknown>)[key];
  }
  return { found: true, value: cur };
}

const asText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The value with every placeholder whose root `values` has filled in. */
export function fillTemplate<T>(value: T, values: Record<string, unknown>): T {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z_][\w]*(?:\.[\w-]+)*)\s*\}\}$/.exec(value);
    if (whole && Object.hasOwn(values, whole[1]!.split('.')[0]!)) return lookupPath(values, whole[1]!).value as T;
    return value.replace(PLACEHOLDER, (all, path: string) => {
      if (!Object.hasOwn(values, path.split('.')[0]!)) return all;
      return asText(lookupPath(values, path).value);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, values)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, values)])) as T;
  }
  return value;
}
