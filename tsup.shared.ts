import { defineConfig } from 'tsup';

// Every package builds the same way: ESM only (one copy of the hub per process), with types
// and source maps, for Node 20.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
