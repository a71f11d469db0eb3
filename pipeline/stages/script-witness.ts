/**
 * Which lines traditional → simplified conversion can change, decided without converting:
 * most reports are simplified already, and opencc-js would walk its trie at every character
 * of every line to give the line back unchanged.
 *
 * A line changes only where it holds a dictionary key whose value differs from it: a
 * character of TSCharacters, or a phrase of TSPhrases (opencc-js `Locale.to.cn`, the
 * dictionaries of `{ from: 't', to: 'cn' }`), or a character the converter normalises
 * first (CJK compatibility ideographs). So every such character, and one character of
 * every such phrase (its witness: the phrase cannot occur without it), marks a line to
 * convert; a line with none of them converts to itself. The witness of a phrase is its
 * traditional character, else (反覆, 瞭解, 沈重: characters valid in both scripts) the one
 * most such phrases share, so that common characters (一, 重) mark no line.
 */
import * as OpenCC from 'opencc-js';

let marks: Uint8Array | null = null;

function buildMarks(): Uint8Array {
  const out = new Uint8Array(65536);
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
  const phrases: string[] = [];
  for (const group of OpenCC.Locale.to.cn) {
    for (const dict of group) {
      const entries = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict;
      for (const [key, value] of entries) {
        if (!key || key === value) continue;
        if (key.length === 1) out[key.charCodeAt(0)] = 1;
        else phrases.push(key);
      }
    }
  }
  const shared = new Map<number, number>();
  for (const p of phrases) for (let i = 0; i < p.length; i++) shared.set(p.charCodeAt(i), (shared.get(p.charCodeAt(i)) ?? 0) + 1);
  for (const p of phrases) {
    let witness = -1;
    let best = -1;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      const score = (convert(p[i]!) !== p[i] ? 1e6 : 0) + (shared.get(c) ?? 0);
      if (score > best || (score === best && c > witness)) [witness, best] = [c, score];
    }
    out[witness] = 1;
  }
  // Compatibility ideographs are normalised; surrogates (characters beyond the BMP) and
  // ideographic description sequences are left to the converter itself.
  out.fill(1, 0xf900, 0xfb00);
  out.fill(1, 0xd800, 0xe000);
  out.fill(1, 0x2ff0, 0x3000);
  return out;
}

/** Can converting `line` to simplified change it? (false: it is its own conversion). */
export function mayConvert(line: string): boolean {
  const m = (marks ??= buildMarks());
  for (let i = 0; i < line.length; i++) if (m[line.charCodeAt(i)]) return true;
  return false;
}
