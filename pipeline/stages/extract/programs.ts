/** Programs: the canonical types of data/programs.yaml, found by the wording that describes their work. */
import type { ProgramEntry, SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { policyRules, programDictionary } from '../../dictionaries.ts';
import { inSpans, titleSpans } from './context.ts';
import { WordMatcher } from './patterns.ts';

export interface ProgramMention {
  program: string;
  trigger: string;
  start: number;
  end: number;
  sentence: Sentence;
}

interface Trigger {
  word: string;
  program: ProgramEntry;
}

let matcher: { words: WordMatcher; byWord: Map<string, ProgramEntry> } | null = null;
/** Every trigger in one trie, longest match first, so 就业扶贫车间 is read as 扶贫车间's wording before 就业扶贫 can claim it. */
function triggerMatcher(): { words: WordMatcher; byWord: Map<string, ProgramEntry> } {
  if (!matcher) {
    const triggers: Trigger[] = programDictionary().programs.flatMap((program) => program.triggers.map((word) => ({ word, program })));
    const byWord = new Map(triggers.map((t) => [t.word, t.program]));
    matcher = { words: new WordMatcher(byWord.keys()), byWord };
  }
  return matcher;
}

const QUOTE_MARKS = '“”‘’"\'「」『』';
const QUOTES = new Set(QUOTE_MARKS);
const QUOTED = new RegExp(`[${QUOTE_MARKS}]`);

/** The sentence without quote marks, and for each of its characters the offset in the document. */
function unquoted(text: string, offset: number): { text: string; at: number[] | null; offset: number } {
  // Most sentences quote nothing: the text itself, offsets by addition.
  if (!QUOTED.test(text)) return { text, at: null, offset };
  let out = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (QUOTES.has(text[i]!)) continue;
    out += text[i];
    at.push(offset + i);
  }
  return { text: out, at, offset };
}

/** The document offset of the unquoted sentence's character i. */
const docOffset = (plain: ReturnType<typeof unquoted>, i: number): number => (plain.at ? plain.at[i]! : plain.offset + i);

export function extractPrograms(doc: SegmentedDocument): ProgramMention[] {
  const implementing = policyRules().implementVerbs;
  // Titles only the sentence names or issues; a title it carries out (执行《…》) is work done.
  const titles = titleSpans(doc.text).filter(([a]) => !implementing.some((v) => doc.text.slice(Math.max(0, a - v.length - 2), a).includes(v)));
  const { words, byWord } = triggerMatcher();
  const dict = programDictionary();
  const weak = new Set(dict.weakTriggers);
  const partnered = new Set(dict.needsPartner);
  const notWork = dict.notWorkAfter.map((p) => new RegExp(p, 'u'));
  const out: ProgramMention[] = [];
  let previous: { paragraph: number; aboutPoverty: boolean } | undefined;
  for (const sentence of doc.sentences) {
    const plain = unquoted(sentence.text, sentence.start);
    const saysPoverty = dict.povertyContext.some((w) => plain.text.includes(w));
    // A sentence continues the paragraph's sentence before it (…促进贫困群众增收。绥滨县大力发展光伏…).
    const aboutPoverty = saysPoverty || (previous?.paragraph === sentence.paragraph && previous.aboutPoverty);
    previous = { paragraph: sentence.paragraph, aboutPoverty: saysPoverty };
    const found = words.matchAll(plain.text);
    const named = new Set(found.filter((m) => !weak.has(m.word)).map((m) => byWord.get(m.word)!.name));
    const yields = (program: string) => dict.yieldsTo.some(([a, b]) => a === program && named.has(b));
    for (const m of found) {
      const i = m.index;
      const word = m.word;
      const program = byWord.get(word)!;
      const start = docOffset(plain, i);
      if (inSpans(start, titles)) continue;
      if (weak.has(word) && (!aboutPoverty || yields(program.name))) continue;
      if (partnered.has(word) && !found.some((o) => o.word !== word && byWord.get(o.word) === program)) continue;
      const rest = plain.text.slice(i + word.length, i + word.length + 12);
      if (notWork.some((re) => re.test(rest))) continue;
      if (program.exclude.some((x) => plain.text.slice(Math.max(0, i - x.length), i + x.length + word.length).includes(x))) continue;
      out.push({ program: program.name, trigger: word, start, end: docOffset(plain, i + word.length - 1) + 1, sentence });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
