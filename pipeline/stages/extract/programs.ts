/** Programs: the canonical types of data/programs.yaml, found by the wording that describes their work. */
import type { ProgramEntry, SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { programDictionary } from '../../dictionaries.ts';
import { policyRules } from '../../dictionaries.ts';
import { titleSpans } from './context.ts';

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

let triggers: Trigger[] | null = null;
function allTriggers(): Trigger[] {
  // Longest first, so 就业扶贫车间 is read as 扶贫车间 before 就业扶贫 can claim it.
  triggers ??= programDictionary().programs
    .flatMap((program) => program.triggers.map((word) => ({ word, program })))
    .sort((a, b) => b.word.length - a.word.length);
  return triggers;
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
  const inTitle = (pos: number) => titles.some(([a, b]) => pos >= a && pos < b);
  const out: ProgramMention[] = [];
  for (const sentence of doc.sentences) {
    const plain = unquoted(sentence.text, sentence.start);
    const taken = new Uint8Array(plain.text.length);
    for (const t of allTriggers()) {
      for (let i = plain.text.indexOf(t.word); i !== -1; i = plain.text.indexOf(t.word, i + 1)) {
        const start = plain.at[i]!;
        if (taken[i] || inTitle(start)) continue;
        if (t.program.exclude.some((x) => plain.text.slice(Math.max(0, i - x.length), i + x.length + t.word.length).includes(x))) continue;
        taken.fill(1, i, i + t.word.length);
        out.push({ program: t.program.name, trigger: t.word, start, end: plain.at[i + t.word.length - 1]! + 1, sentence });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
