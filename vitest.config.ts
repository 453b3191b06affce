import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for our code and for the Apollo
    // packages alike; Vite would pick its ESM build for ours, and two copies
    // of graphql cannot share a schema. Resolve as Node does.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests serve dist/web/: built once, before the workers start.
    globalSetup: ['test/support/buildWebOnce.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start real servers; two workers match the two cores CI has.
    maxWorkers: 2,
    // Each worker loads the project and its libraries (Apollo, graphql,
    // OpenTelemetry) once for all its files instead of once per file: that
    // loading was 40% of the suite's time. Tests keep no module-level state and
    // restore the timers they fake, so sharing the module graph is safe.
    isolate: false,
  },
});
