import { defineConfig } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (the "@tendril/source" export
// condition), so tests never run against a stale or missing dist/. Setting `conditions`
// replaces Vite's defaults, so they are repeated here (Vite's defaultServerConditions /
// defaultClientConditions; `vite` itself is not a direct dependency to import them from).
const source = '@tendril/source';

export default defineConfig({
  resolve: {
    conditions: [source, 'module', 'browser', 'development|production'],
  },
  ssr: {
    resolve: {
      conditions: [source, 'module', 'node', 'development|production'],
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
