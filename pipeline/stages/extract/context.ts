/** Shared helpers of the extractors: sentence lookup, masking and evidence offsets. */
import type { Evidence, SegmentedDocument, Sentence } from '../../../schemas/index.ts';

/** The sentence that contains clean-text offset `pos`. */
export function sentenceAt(doc: SegmentedDocument, pos: number): Sentence | undefined {
  const s = doc.sentences;
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = s[mid]!;
    if (pos < x.start) hi = mid - 1;
    else if (pos >= x.end) lo = mid + 1;
    else return x;
  }
  return undefined;
}

/**
 * Evidence for a sentence: its text as written (original script; private persons' names were
 * masked by normalize) and its offsets in the original file.
 */
export function evidenceOf(doc: SegmentedDocument, sentence: Sentence): Evidence {
  return {
    sentence: doc.surfaceText.slice(sentence.start, sentence.end),
    start: doc.origin[sentence.start] ?? 0,
    end: (doc.origin[sentence.end - 1] ?? 0) + 1,
  };
}

/** Offsets of the original file for a clean-text span. */
export function originalSpan(doc: SegmentedDocument, start: number, end: number): { start: number; end: number } {
  return { start: doc.origin[start] ?? 0, end: (doc.origin[end - 1] ?? 0) + 1 };
}

/** Spans of 《…》 titles: words inside them are not statements about the work itself. */
export function titleSpans(text: string): [number, number][] {
  return [...text.matchAll(/《[^《》\n]{1,120}》/g)].map((m) => [m.index, m.index + m[0].length]);
}

/** Is `pos` inside one of `spans` (sorted, not overlapping)? Binary search: long reports have many titles. */
export function inSpans(pos: number, spans: [number, number][]): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]![0] <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && pos < spans[lo - 1]![1];
}

/** Index of the first item (sorted by start) that starts at or after `pos`. */
export function firstStartingAt(items: readonly { start: number }[], pos: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The items (sorted by start) that lie within [from, to): found by binary search, so looking
 * up the places of each sentence stays linear in a long report.
 */
export function within<T extends { start: number; end: number }>(items: readonly T[], from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = firstStartingAt(items, from); i < items.length && items[i]!.start < to; i++) {
    if (items[i]!.end <= to) out.push(items[i]!);
  }
  return out;
}
