/**
 * The workloads every JavaScript variant implements, each in its own idiom. Each returns a
 * checksum that `cell.ts` verifies, so a variant that stops early cannot look fast.
 */
export interface Suite {
  /**
   * Two greenlets switch to each other `rounds` times each (`2 * rounds` switches), every switch
   * made `depth` nested helper generators (or functions) below the body.
   *
   * @returns The rounds the first greenlet completed (equal to `rounds`).
   */
  pingPong(depth: number, rounds: number): number | Promise<number>;
  /**
   * Plain code creates, starts and finishes `count` greenlets whose body returns 1, one after
   * another; `null` when the variant has no synchronous "main" to do it from.
   *
   * @returns The sum of their results (equal to `count`).
   */
  createFromMain: ((count: number) => number) | null;
  /**
   * {@link Suite.createFromMain} with the body written inline, `function* () { return 1 }` in
   * the loop, as users often write it: a new closure per greenlet.
   *
   * @returns The sum of their results (equal to `count`).
   */
  createInline: ((count: number) => number) | null;
  /**
   * A parent greenlet creates `count` children and switches into each one until it finishes.
   *
   * @returns The sum of their results (equal to `count`).
   */
  createInside(count: number): number | Promise<number>;
}
