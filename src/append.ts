/**
 * Adds every item to the end of `target`. `target.push(...items)` puts each item on
 * the stack as an argument and throws RangeError past ~120k of them; content decides
 * how many there are, so no call in src/ spreads an array (tests/no-spread-calls.test.ts).
 */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
