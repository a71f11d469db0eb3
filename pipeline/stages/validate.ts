/**
 * validate: ExtractedDocument → ValidatedDocument. Every item is checked on its own against
 * the schemas and the graph model (codes that exist, programs of the closed list, relations
 * that point at extracted entities). What fails is dropped with its reason, never loaded;
 * the document's valid facts go on.
 */
import {
  ExtractedFigure, ExtractedPlace, ExtractedPolicy, PolicyPlace, ProgramPlace, levelOfCode, ancestorCodes,
  type Dropped, type DropReason, type ExtractedDocument, type PlaceNode, type ValidatedDocument,
} from '../../schemas/index.ts';
import type { z } from 'zod';
import { programDictionary } from '../dictionaries.ts';
import type { Divisions } from '../gazetteer/divisions.ts';

export function validate(input: ExtractedDocument, divisions: Divisions): ValidatedDocument {
  const { document, record } = input;
  const dropped: Dropped[] = [];
  const drop = (path: string, reason: DropReason, message: string, item: unknown) => {
    const d: Dropped = { docId: document.id, file: document.source, path, reason, message, item };
    const ev = (item as { evidence?: { start: number; end: number } } | null)?.evidence;
    if (ev) {
      d.start = ev.start;
      d.end = ev.end;
    }
    dropped.push(d);
  };
  const check = <S extends z.ZodType>(schema: S, item: unknown, path: string): item is z.infer<S> => {
    const r = schema.safeParse(item);
    if (!r.success) drop(path, 'INVALID_SHAPE', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), item);
    return r.success;
  };
  const knownCode = (code: string | null) => code === null || code === 'CN' || divisions.has(code);
  const programNames = new Set(programDictionary().programs.map((p) => p.name));

  const places = record.places.filter((p, i) => {
    if (!check(ExtractedPlace, p, `places.${i}`)) return false;
    if (!knownCode(p.code)) return drop(`places.${i}`, 'UNKNOWN_PLACE_CODE', `no division with code ${p.code}`, p), false;
    return true;
  });
  const programs = record.programs.filter((name, i) => programNames.has(name) || (drop(`programs.${i}`, 'UNKNOWN_PROGRAM', `${name} is not a canonical program`, name), false));
  const policies = record.policies.filter((p, i) => {
    if (!check(ExtractedPolicy, p, `policies.${i}`)) return false;
    if (!knownCode(p.issuer)) return drop(`policies.${i}`, 'UNKNOWN_PLACE_CODE', `issuer code ${p.issuer} unknown`, p), false;
    return true;
  });
  const titles = new Set(policies.map((p) => p.title));
  const figures = record.figures.filter((f, i) => {
    if (!check(ExtractedFigure, f, `figures.${i}`)) return false;
    if (f.place === null) return drop(`figures.${i}`, 'NO_PLACE', 'figure has no place it measures', f), false;
    if (!knownCode(f.place)) return drop(`figures.${i}`, 'UNKNOWN_PLACE_CODE', `place code ${f.place} unknown`, f), false;
    return true;
  });
  const programPlaces = record.program_places.filter((p, i) => {
    if (!check(ProgramPlace, p, `program_places.${i}`)) return false;
    if (!programs.includes(p.program)) return drop(`program_places.${i}`, 'UNKNOWN_PROGRAM', `${p.program} not among the document's programs`, p), false;
    if (!knownCode(p.place)) return drop(`program_places.${i}`, 'UNKNOWN_PLACE_CODE', `place code ${p.place} unknown`, p), false;
    return true;
  });
  const policyPlaces = record.policy_places.filter((p, i) => {
    if (!check(PolicyPlace, p, `policy_places.${i}`)) return false;
    if (!titles.has(p.policy)) return drop(`policy_places.${i}`, 'UNKNOWN_POLICY', `${p.policy} not among the document's policies`, p), false;
    if (!knownCode(p.place)) return drop(`policy_places.${i}`, 'UNKNOWN_PLACE_CODE', `place code ${p.place} unknown`, p), false;
    return true;
  });

  // Every place the graph will hold for this document, with its ancestors for PART_OF.
  const nodes = new Map<string, PlaceNode>();
  const addCode = (code: string) => {
    if (nodes.has(code)) return;
    if (code === 'CN') {
      nodes.set(code, { key: code, code, name: '中华人民共和国', level: 'nation', parent: null, linked: true });
      return;
    }
    const chain = [code, ...ancestorCodes(code)].filter((c) => divisions.has(c));
    for (let i = 0; i < chain.length; i++) {
      const c = chain[i]!;
      if (!nodes.has(c)) nodes.set(c, { key: c, code: c, name: divisions.nameOf(c) ?? c, level: levelOfCode(c), parent: chain[i + 1] ?? null, linked: true });
    }
  };
  for (const p of places) {
    if (p.code) addCode(p.code);
    else {
      const key = `${p.name}@${p.parent ?? ''}`;
      if (p.parent) addCode(p.parent);
      nodes.set(key, { key, code: null, name: p.name, level: p.level, parent: p.parent ?? null, linked: false });
    }
  }
  if (record.subject) addCode(record.subject);
  for (const c of [...figures.map((f) => f.place), ...policies.map((p) => p.issuer), ...programPlaces.map((p) => p.place), ...policyPlaces.map((p) => p.place)]) if (c) addCode(c);

  return {
    document,
    record: { ...record, places, programs, policies, figures, program_places: programPlaces, policy_places: policyPlaces },
    places: [...nodes.values()],
    dropped,
  };
}
