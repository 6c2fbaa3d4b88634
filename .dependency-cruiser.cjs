/**
 * The module rules of src/ (npm run deps, part of npm run lint and so of CI). See docs/architectuur.md.
 * - A domain module (src/modules/<naam>/) is used by others only through its face, src/modules/<naam>/index.ts.
 * - No import loops between files (this file) or between modules (.dependency-cruiser-modules.cjs).
 * - Infrastructure (src/shared, src/db) knows no domain module.
 * - Composition roots may reach further: src/context.ts builds the long-lived services (audit log, VISH index, ...)
 *   from their classes and is imported (as a type) by every module, so it must not pull in faces that import it back;
 *   src/http/app.ts registers each module's routes file; src/cli/ and src/main.ts wire demo data and start-up.
 */
const MODULE = '^src/modules/([^/]+)/';
const FACE = '^src/modules/[^/]+/index[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'alleen-via-gevel',
      comment:
        "A module imports another module only through that module's index.ts (its public face): never its store, service or routes.",
      severity: 'error',
      from: { path: MODULE },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', FACE] },
    },
    {
      name: 'infrastructuur-via-gevel',
      comment: 'Jobs, HTTP plumbing and the scheduler use a module through its face.',
      severity: 'error',
      from: { path: '^src/(jobs|http)/', pathNot: '^src/http/app[.]ts$' },
      to: { path: '^src/modules/', pathNot: FACE },
    },
    {
      name: 'app-registreert-routes',
      comment:
        'src/http/app.ts may import a module face or a routes file (to register it), nothing else inside a module.',
      severity: 'error',
      from: { path: '^src/http/app[.]ts$' },
      to: { path: '^src/modules/', pathNot: [FACE, '^src/modules/[^/]+/[a-z-]*routes[.]ts$'] },
    },
    {
      name: 'modules-niet-naar-opstart',
      comment: 'A module never imports the composition roots (jobs, CLI, app, main): that would loop back into it.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(jobs/|cli/|main[.]ts$|http/app[.]ts$)' },
    },
    {
      name: 'infrastructuur-kent-geen-domein',
      comment:
        'src/shared and src/db know no domain module (db/schema.ts composes the table types, which it may import).',
      severity: 'error',
      from: { path: '^src/(shared|db)/', pathNot: '^src/db/schema[.]ts$' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'geen-kringen',
      comment: 'No circular imports between files.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
