/** Programs: the canonical types of data/programs.yaml, found by the wording that describes their work. */
import type { ProgramEntry, SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { policyRules, programDictionary } from '../../dictionaries.ts';
import { inSpans, titleSpans } from './context.ts';
import { alternation } from './patterns.ts';

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

let matcher: { pattern: RegExp; byWord: Map<string, ProgramEntry> } | null = null;
/** One alternation of every trigger, longest first, so 就业扶贫车间 is read as 扶贫车间's wording before 就业扶贫 can claim it. */
function triggerMatcher(): { pattern: RegExp; byWord: Map<string, ProgramEntry> } {
  if (!matcher) {
    const triggers: Trigger[] = programDictionary().programs.flatMap((program) => program.triggers.map((word) => ({ word, program })));
    const byWord = new Map(triggers.map((t) => [t.word, t.program]));
    matcher = { pattern: new RegExp(alternation([...byWord.keys()]), 'g'), byWord };
  }
  return matcher;
}

const QUOTES = /[“”‘’"'「」『』]/;

/** The sentence without quote marks, and for each of its characters the offset in the document. */
function unquoted(text: string, offset: number): { text: string; at: number[] } {
  let out = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (QUOTES.test(text[i]!)) continue;
    out += text[i];
    at.push(offset + i);
  }
  return { text: out, at };
}

export function extractPrograms(doc: SegmentedDocument): ProgramMention[] {
  const implementing = policyRules().implementVerbs;
  // Titles only the sentence names or issues; a title it carries out (执行《…》) is work done.
  const titles = titleSpans(doc.text).filter(([a]) => !implementing.some((v) => doc.text.slice(Math.max(0, a - v.length - 2), a).includes(v)));
  const { pattern, byWord } = triggerMatcher();
  const dict = programDictionary();
  const weak = new Set(dict.weakTriggers);
  const notWork = dict.notWorkAfter.map((p) => new RegExp(p, 'u'));
  const out: ProgramMention[] = [];
  for (const sentence of doc.sentences) {
    const plain = unquoted(sentence.text, sentence.start);
    const aboutPoverty = dict.povertyContext.some((w) => plain.text.includes(w));
    for (const m of plain.text.matchAll(pattern)) {
      const i = m.index;
      const word = m[0];
      const program = byWord.get(word)!;
      const start = plain.at[i]!;
      if (inSpans(start, titles)) continue;
      if (weak.has(word) && !aboutPoverty) continue;
      const rest = plain.text.slice(i + word.length, i + word.length + 12);
      if (notWork.some((re) => re.test(rest))) continue;
      if (program.exclude.some((x) => plain.text.slice(Math.max(0, i - x.length), i + x.length + word.length).includes(x))) continue;
      out.push({ program: program.name, trigger: word, start, end: plain.at[i + word.length - 1]! + 1, sentence });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
