import { defineConfig } from 'tsup';

// The bench runs as plain Node from dist/: main.js starts a fresh `node dist/cell.js` per cell
// and process. Under tsx each of those would take ~0.7 s to start and carry a loader thread
// into the measured process. @tendril/greenlet stays external (a dependency), so it is loaded
// from its own dist/ exactly as a user's program loads it.
export default defineConfig({
  entry: ['src/main.ts', 'src/cell.ts'],
  format: ['esm'],
  target: 'node20',
  splitting: true,
  sourcemap: true,
  // dist/green/ belongs to `bench:green` (the hub benchmarks), which builds it itself.
  clean: ['!green/**'],
});
