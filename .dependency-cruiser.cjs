// The layers of the design, checked by `npm run check`: the engine is pure and shared, the server
// and the UI build on it and never on each other, and nothing imports in a circle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles: a module may import itself only (a Svelte component rendering itself, see no-self-import).',
      severity: 'error',
      from: { path: '(.+)' },
      to: { circular: true, pathNot: '^$1$' },
    },
    {
      name: 'no-self-import',
      comment: 'Only a Svelte component imports itself, to render itself recursively (ui/src/features/designer/GuardEditor.svelte).',
      severity: 'error',
      from: { path: '(.+)', pathNot: '[.]svelte$' },
      to: { path: '^$1$' },
    },
    { name: 'engine-not-server-or-ui', severity: 'error', from: { path: '^engine/' }, to: { path: '^(server|ui)/' } },
    {
      name: 'engine-no-node-builtins',
      comment: 'engine/ runs in the browser as well as on the server; only its CLI reads files.',
      severity: 'error',
      from: { path: '^engine/', pathNot: '^engine/cli/' },
      to: { dependencyTypes: ['core'] },
    },
    { name: 'server-not-ui', severity: 'error', from: { path: '^server/' }, to: { path: '^ui/' } },
    { name: 'ui-not-server', comment: 'The UI talks to the server over HTTP only.', severity: 'error', from: { path: '^ui/' }, to: { path: '^server/' } },
    {
      name: 'schemas-self-contained',
      comment: 'The generated API types take the procedure file\'s shapes (Procedure, Form, AvailableAction) from engine/types.ts, types only.',
      severity: 'error',
      from: { path: '^schemas/' },
      to: { pathNot: '^schemas/|^engine/types[.]ts$' },
    },
    { name: 'schemas-types-only', severity: 'error', from: { path: '^schemas/' }, to: { path: '^engine/', dependencyTypesNot: ['type-only'] } },
    {
      name: 'server-engine-through-index',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^engine/', pathNot: '^engine/index[.]ts$' },
    },
    {
      name: 'ui-engine-through-index',
      comment: 'The UI also takes the engine\'s types, its registry of guards and actions and its duration format straight from their files.',
      severity: 'error',
      from: { path: '^ui/' },
      to: { path: '^engine/', pathNot: '^engine/(index|types|registry|duration)[.]ts$' },
    },
    {
      name: 'events-through-index',
      comment: 'The rest of the server uses the event path through server/events/index.ts.',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/events/' },
      to: { path: '^server/events/', pathNot: '^server/events/index[.]ts$' },
    },
    { name: 'no-unresolvable', comment: 'A relative import names a file that exists.', severity: 'error', from: {}, to: { couldNotResolve: true, path: '^[.]' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    // type-only imports count: a cycle of types is still a cycle for a reader
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte', '.json'] },
  },
};
