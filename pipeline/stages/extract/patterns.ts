/** Regular expressions built from dictionary word lists. */

/** An alternation of words, longest first (so 扶贫车间 wins over 扶贫), each escaped. */
export function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}
