/** Regular expressions built from dictionary word lists. */

/** An alternation of words, longest first (so 扶贫车间 wins over 扶贫), each escaped. */
export function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

interface TrieNode {
  next: Map<string, TrieNode>;
  word: string | null;
}

/**
 * Finds dictionary words in a text in one pass over a character trie: at each position the
 * longest word that starts there, leftmost first, matches never overlapping (what a regex
 * alternation of the words, longest first, finds, without trying every word at every position).
 */
export class WordMatcher {
  readonly #root: TrieNode = { next: new Map(), word: null };

  constructor(words: Iterable<string>) {
    for (const w of words) {
      let node = this.#root;
      for (const ch of w) {
        let child = node.next.get(ch);
        if (!child) node.next.set(ch, (child = { next: new Map(), word: null }));
        node = child;
      }
      node.word = w;
    }
  }

  *matchAll(text: string): Generator<{ index: number; word: string }> {
    for (let i = 0; i < text.length;) {
      let node = this.#root.next.get(text[i]!);
      let found: string | null = null;
      for (let j = i + 1; node; j++) {
        if (node.word) found = node.word;
        node = j < text.length ? node.next.get(text[j]!) : undefined;
      }
      if (found) {
        yield { index: i, word: found };
        i += found.length;
      } else i++;
    }
  }
}
