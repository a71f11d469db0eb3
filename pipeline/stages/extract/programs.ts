/** Programs: the canonical types of data/programs.yaml, found by the wording that describes their work. */
import type { ProgramEntry, SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { programDictionary } from '../../dictionaries.ts';
import { inSpans, titleSpans } from './context.ts';

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

export function extractPrograms(doc: SegmentedDocument): ProgramMention[] {
  const titles = titleSpans(doc.text);
  const out: ProgramMention[] = [];
  for (const sentence of doc.sentences) {
    const taken = new Uint8Array(sentence.text.length);
    for (const t of allTriggers()) {
      for (let i = sentence.text.indexOf(t.word); i !== -1; i = sentence.text.indexOf(t.word, i + 1)) {
        const start = sentence.start + i;
        if (taken[i] || inSpans(start, titles)) continue;
        if (t.program.exclude.some((x) => sentence.text.slice(Math.max(0, i - x.length), i + x.length + t.word.length).includes(x))) continue;
        taken.fill(1, i, i + t.word.length);
        out.push({ program: t.program.name, trigger: t.word, start, end: start + t.word.length, sentence });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
