import { defineConfig } from 'vitest/config';

// Each package/app with tests has its own vitest.config.ts (re-exporting vitest.shared.ts);
// the root only lists them, so `pnpm vitest run` here runs every project.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
