/** Word knowledge from nodejieba's dictionary: is a string an ordinary word (not a name)? */
import nodejieba from 'nodejieba';

const NAME_TAGS = new Set(['ns', 'nr', 'nz', 'nt', 'n', 'x', 'j', 'nrt', 'nrfg']);
const cache = new Map<string, boolean>();

/** True when jieba reads the string as one dictionary word of a non-name class (通道 v, 东方 s, 高新 d). */
export function isCommonWord(word: string): boolean {
  let hit = cache.get(word);
  if (hit === undefined) {
    const tags = nodejieba.tag(word);
    hit = tags.length === 1 && !NAME_TAGS.has(tags[0]!.tag);
    cache.set(word, hit);
  }
  return hit;
}

/** Plain segmentation, the practical speed ceiling the benchmark compares extraction with. */
export function cut(text: string): string[] {
  return nodejieba.cut(text);
}
