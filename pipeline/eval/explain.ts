/**
 * `fupin-kg eval --explain`: each false positive and false negative with the sentence it
 * concerns and the resolver's reason, so a miss can be traced to the rule that made it.
 */
import type { ExtractionRecord, SegmentedDocument } from '../../schemas/index.ts';
import type { Divisions } from '../gazetteer/divisions.ts';
import { sentenceAt } from '../stages/extract/context.ts';
import type { EvalPair } from './run-eval.ts';
import type { Mismatch } from './score.ts';

const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The sentence around the first occurrence of `surface` in the document, if any. */
function sentenceOf(doc: SegmentedDocument, surface: string): string | null {
  for (const text of [doc.surfaceText, doc.text]) {
    const at = text.indexOf(surface);
    if (at === -1) continue;
    const s = sentenceAt(doc, at);
    return s ? clip(doc.surfaceText.slice(s.start, s.end)) : null;
  }
  return null;
}

function goldItem(gold: ExtractionRecord, kind: Mismatch['kind'], key: string): { surface?: string } {
  if (kind === 'places') {
    const p = gold.places.find((x) => (x.code ?? `${x.name}@${x.parent ?? ''}`) === key);
    return p ? { surface: p.surface[0] ?? p.name } : {};
  }
  if (kind.startsWith('figure')) {
    const [value, unit] = key.split('|');
    const f = gold.figures.find((x) => `${x.value}` === value && x.unit === unit);
    return f ? { surface: f.surface } : {};
  }
  if (kind === 'policies' || kind === 'policy_issuer' || kind === 'policy_places') return { surface: key.split('|')[0]! };
  // Programs have no surface of their own to look up.
  return {};
}

function placeReason(pair: EvalPair, key: string, divisions: Divisions, surface: string | undefined): string {
  if (!surface) return '';
  const inText = pair.doc.text.includes(surface) || pair.doc.surfaceText.includes(surface);
  if (!inText) return 'its surface is not in the clean text (removed as page furniture, or split by an artefact)';
  const entries = divisions.lookup(surface);
  if (entries.length === 0) return `"${surface}" is no key of the division index (a village, a bare name, or a variant)`;
  const codes = [...new Set(entries.map((e) => e.code))];
  if (!codes.includes(key)) return `"${surface}" names ${codes.slice(0, 4).join(', ')}${codes.length > 4 ? ' …' : ''}, not ${key}`;
  return codes.length > 1 ? `"${surface}" has ${codes.length} namesakes and nothing in context decided` : `"${surface}" was refused by a context rule (parent not in context, ordinary word, organisation)`;
}

/** A missed (program, place): where the program was read, and where the place is named. */
function programPlaceReason(pair: EvalPair, key: string, divisions: Divisions): string {
  const [program, place] = key.split('|') as [string, string];
  const read = pair.record.program_places.filter((p) => p.program === program).map((p) => p.place);
  const named = pair.places.mentions.find((x) => x.code === place && !x.framing);
  const where = named ? sentenceAt(pair.doc, named.start) : null;
  const placeText = `${divisions.nameOf(place) ?? place} ${named ? `named in: ${where ? clip(pair.doc.surfaceText.slice(where.start, where.end), 60) : '?'}` : 'not linked in the text'}`;
  return read.length === 0 ? `program not read; ${placeText}` : `program read for ${read.join(', ')}; ${placeText}`;
}

/** Lines explaining one document's mismatches. */
export function explainPair(pair: EvalPair, mismatches: Mismatch[], divisions: Divisions): string[] {
  const out: string[] = [];
  const { gold, record, doc } = pair;
  for (const m of mismatches) {
    if (m.kind === 'subject') {
      const d = pair.places.subjectDecision;
      out.push(`  subject: gold ${m.missing[0]} (${divisions.nameOf(m.missing[0] ?? '') ?? '-'}), got ${m.extra[0]} (${divisions.nameOf(m.extra[0] ?? '') ?? '-'})`);
      out.push(`    reason: ${d.reason}`);
      const top = d.candidates.slice(0, 6).map((c) => `${divisions.nameOf(c.code) ?? c.code} ${c.support}`).join(', ');
      out.push(`    candidates: ${top}`);
      continue;
    }
    if (m.kind === 'report_year' || m.kind === 'digits_damaged') {
      out.push(`  ${m.kind}: gold ${m.missing[0]}, got ${m.extra[0]}  (title: ${clip(doc.meta.title, 40)}; url: ${doc.meta.url ?? '-'}; published: ${doc.meta.publishedAt ?? '-'})`);
      continue;
    }
    for (const key of m.missing) {
      const item = goldItem(gold, m.kind, key);
      const sentence = item.surface ? sentenceOf(doc, item.surface) : null;
      const reason = m.kind === 'places' ? placeReason(pair, key, divisions, item.surface) : m.kind === 'program_places' ? programPlaceReason(pair, key, divisions) : '';
      out.push(`  ${m.kind} FN ${key}${item.surface ? ` «${item.surface}»` : ''}${reason ? `: ${reason}` : ''}${sentence ? `\n    in: ${sentence}` : ''}`);
    }
    for (const key of m.extra) {
      const evidence = extraEvidence(record, m.kind, key);
      out.push(`  ${m.kind} FP ${key}${evidence ? `\n    in: ${clip(evidence)}` : ''}`);
    }
  }
  return out;
}

function extraEvidence(r: ExtractionRecord, kind: Mismatch['kind'], key: string): string | undefined {
  switch (kind) {
    case 'places': return r.places.find((p) => (p.code ?? `${p.name}@${p.parent ?? ''}`) === key)?.evidence?.sentence;
    case 'figures_detected': case 'figures_attributed': case 'figure_category': {
      const [value, unit] = key.split('|');
      return r.figures.find((f) => `${f.value}` === value && f.unit === unit)?.evidence?.sentence;
    }
    case 'program_places': return r.program_places.find((p) => `${p.program}|${p.place}` === key)?.evidence?.sentence;
    case 'policy_places': return r.policy_places.find((p) => `${p.policy}|${p.place}` === key)?.evidence?.sentence;
    case 'policies': case 'policy_issuer': return r.policies.find((p) => p.title === key.split('|')[0])?.evidence?.sentence;
    default: return undefined;
  }
}
