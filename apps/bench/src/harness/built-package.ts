import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `@tendril/greenlet` resolves from, and when that file was built. */
export interface BuiltPackage {
  path: string;
  builtAt: Date;
}

/**
 * Check that `@tendril/greenlet` resolves to its build output (`dist`, the `default` export
 * condition), as a published consumer gets it, and not to the TypeScript sources.
 *
 * @returns The resolved file and its modification time.
 * @throws Error when it resolves to the sources (for example under
 *   `--conditions=@tendril/source`, or through NODE_OPTIONS).
 */
export function builtGreenlet(): BuiltPackage {
  const path = fileURLToPath(import.meta.resolve('@tendril/greenlet'));
  if (!/[\\/]dist[\\/][^\\/]+\.js$/.test(path)) {
    throw new Error(
      `@tendril/greenlet resolves to ${path}: benchmarks must run against the built package; ` +
        'run without --conditions=@tendril/source (pnpm bench builds it first)',
    );
  }
  return { path, builtAt: statSync(path).mtime };
}
