import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test logs go to a run folder; at the end every line is scanned for clear BSNs and surnames.
    globalSetup: ['test/helpers/globale-opzet.ts'],
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    // Setting up a PGlite database with migrations and demo data is slow on a busy 2-core machine.
    hookTimeout: 180_000,
  },
});
