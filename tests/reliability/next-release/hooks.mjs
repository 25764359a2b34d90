// The module hook behind register.mjs: server/db/migrations/index.ts, imported by anything but
// ./migrations.ts, resolves to ./migrations.ts.
const real = new URL('../../../server/db/migrations/index.ts', import.meta.url).href;
const next = new URL('./migrations.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url === real && context.parentURL !== next) return { ...resolved, url: next };
  return resolved;
}
