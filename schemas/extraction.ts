/**
 * The per-document extraction record: the shape of shared/spec/annotation-guide.md.
 * Gold files parse with the same schemas (evidence is optional there), so the extractor,
 * the loader and the evaluation share one definition.
 */
import { z } from 'zod';
import { PlaceCode, PlaceLevel } from './places.ts';

/** Where a fact was read: a sentence of the document and its offsets into the original file. */
export const Evidence = z.strictObject({
  sentence: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Evidence = z.infer<typeof Evidence>;

export const ExtractedPlace = z.strictObject({
  code: PlaceCode.nullable(),
  name: z.string().min(1),
  level: PlaceLevel,
  parent: PlaceCode.optional(),
  surface: z.array(z.string()).min(1),
  count: z.number().int().positive().optional(),
  evidence: Evidence.optional(),
});
export type ExtractedPlace = z.infer<typeof ExtractedPlace>;

export const FigureCategory = z.enum([
  'poor_population', 'poor_households', 'lifted_population', 'lifted_households', 'poverty_rate',
  'poor_villages', 'funds', 'income', 'output_value', 'beneficiaries', 'employment', 'projects', 'other',
]);
export type FigureCategory = z.infer<typeof FigureCategory>;

export const ExtractedFigure = z.strictObject({
  id: z.string().optional(),
  surface: z.string().min(1),
  value: z.number().finite(),
  unit: z.string().min(1),
  category: FigureCategory,
  metric: z.string().min(1),
  place: PlaceCode.nullable(),
  year: z.number().int().min(1949).max(2100).nullable(),
  approx: z.boolean(),
  /** The unit a rate is per (户 for 户均, 人 for 人均 / 月人均, 亩, 村 …); null for a total. Absent in gold. */
  per: z.string().min(1).nullable().optional(),
  /** The id of the figure this one is a part of (其中…, 含…, 包括…, a bracketed breakdown); null otherwise. */
  partOf: z.string().min(1).nullable().optional(),
  /** Same place, metric, year, value, unit and rate: the same fact, counted once in totals however often it is reported. */
  factKey: z.string().min(1).optional(),
  program: z.string().optional(),
  evidence: Evidence.optional(),
});
export type ExtractedFigure = z.infer<typeof ExtractedFigure>;

export const ExtractedPolicy = z.strictObject({
  title: z.string().min(1),
  issuer: PlaceCode.nullable(),
  year: z.number().int().min(1949).max(2100).nullable(),
  evidence: Evidence.optional(),
});
export type ExtractedPolicy = z.infer<typeof ExtractedPolicy>;

export const ProgramPlace = z.strictObject({
  program: z.string().min(1),
  place: PlaceCode,
  evidence: Evidence.optional(),
});
export type ProgramPlace = z.infer<typeof ProgramPlace>;

export const PolicyPlace = z.strictObject({
  policy: z.string().min(1),
  place: PlaceCode,
  evidence: Evidence.optional(),
});
export type PolicyPlace = z.infer<typeof PolicyPlace>;

export const ExtractionRecord = z.strictObject({
  doc: z.string().min(1),
  doc_id: z.string().optional(),
  title: z.string().optional(),
  subject: PlaceCode.nullable(),
  report_year: z.number().int().nullable(),
  digits_damaged: z.boolean(),
  places: z.array(ExtractedPlace),
  programs: z.array(z.string()),
  policies: z.array(ExtractedPolicy),
  figures: z.array(ExtractedFigure),
  program_places: z.array(ProgramPlace),
  policy_places: z.array(PolicyPlace),
});
export type ExtractionRecord = z.infer<typeof ExtractionRecord>;
