/** Regular expressions and matchers built from dictionary word lists. */
import { CharTrie } from '../../gazetteer/char-trie.ts';

/** An alternation of words, longest first (so 扶贫车间 wins over 扶贫), each escaped. */
export function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/**
 * Finds dictionary words in a text in one pass over a character trie: at each position the
 * longest word that starts there, leftmost first, matches never overlapping (what a regex
 * alternation of the words, longest first, finds, without trying every word at every position).
 */
export class WordMatcher {
  readonly #words: string[];
  readonly #trie: CharTrie;

  constructor(words: Iterable<string>) {
    this.#words = [...words];
    this.#trie = new CharTrie(this.#words);
  }

  matchAll(text: string): { index: number; word: string }[] {
    const trie = this.#trie;
    const out: { index: number; word: string }[] = [];
    for (let i = 0; i < text.length;) {
      let found = -1;
      for (let j = i, node = 0; j < text.length; j++) {
        node = trie.step(node, text.charCodeAt(j));
        if (node < 0) break;
        const v = trie.valueAt(node);
        if (v >= 0) found = v;
      }
      if (found >= 0) {
        const word = this.#words[found]!;
        out.push({ index: i, word });
        i += word.length;
      } else i++;
    }
    return out;
  }
}
