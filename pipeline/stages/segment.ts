/**
 * segment: NormalizedDocument → SegmentedDocument. Paragraphs are the lines of the clean
 * text; sentences end at Chinese and Western sentence punctuation (closing quotes and
 * brackets stay with their sentence), at an ellipsis, and at every line end.
 */
import type { NormalizedDocument, Paragraph, SegmentedDocument, Sentence } from '../../schemas/index.ts';

// By code unit: a character read as a string would allocate one per position.
const codes = (chars: string) => new Set([...chars].map((c) => c.charCodeAt(0)));
const END = codes('。！？!?；;…');
const CLOSE = codes('”’」』)）】…"');
const HEADING = /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．](?!\d))/;

export function segment(doc: NormalizedDocument): SegmentedDocument {
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  let start = 0;
  const text = doc.text;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      const index = paragraphs.length;
      paragraphs.push({ index, start, end, heading: isHeading(line) });
      splitSentences(line, start, index, sentences);
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  return { ...doc, paragraphs, sentences };
}

function isHeading(line: string): boolean {
  const t = line.trim();
  return HEADING.test(t) || (t.length <= 30 && !/[。！？!?；;,，]/.test(t));
}

function splitSentences(line: string, offset: number, paragraph: number, out: Sentence[]): void {
  let from = 0;
  const push = (to: number) => {
    const raw = line.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text !== '') out.push({ index: out.length, paragraph, start: offset + from + lead, end: offset + from + lead + text.length, text });
    from = to;
  };
  for (let i = 0; i < line.length; i++) {
    if (!END.has(line.charCodeAt(i))) continue;
    let j = i + 1;
    while (j < line.length && CLOSE.has(line.charCodeAt(j))) j++;
    // A closing quote right after the mark belongs to the sentence; an opening one does not follow.
    push(j);
    i = j - 1;
  }
  push(line.length);
}
