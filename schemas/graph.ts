/** What extract hands to validate, and validate to load. */
import { z } from 'zod';
import { ExtractionRecord } from './extraction.ts';
import { PlaceCode, PlaceLevel } from './places.ts';

export const DocumentRow = z.strictObject({
  id: z.string().min(1),
  /** The file's path relative to its collection's folder. */
  source: z.string().min(1),
  /** The collection (input folder) the document belongs to: removal never crosses it. */
  collection: z.string().min(1),
  /** Hash of the normalised text (decoded, furniture removed, simplified): a GB18030 copy of a UTF-8 report has the same. */
  textHash: z.string().min(1),
  title: z.string(),
  contentHash: z.string().min(1),
  script: z.enum(['hans', 'hant']),
  reportYear: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  digitsDamaged: z.boolean(),
  outlet: z.string().nullable(),
  url: z.string().nullable(),
  /** Hash of the extractor's code version and dictionaries: a change re-extracts unchanged files. */
  pipelineVersion: z.string(),
});
export type DocumentRow = z.infer<typeof DocumentRow>;

export const ExtractedDocument = z.strictObject({
  document: DocumentRow,
  record: ExtractionRecord,
});
export type ExtractedDocument = z.infer<typeof ExtractedDocument>;

/** Levels of place nodes: the division levels, and the nation (CN: issuer of national policies) above them. */
export const NodeLevel = z.enum(['nation', ...PlaceLevel.options]);
export type NodeLevel = z.infer<typeof NodeLevel>;

/** A place node to write, with its parent for PART_OF (ancestors included). */
export const PlaceNode = z.strictObject({
  key: z.string(),
  code: PlaceCode.nullable(),
  name: z.string().min(1),
  level: NodeLevel,
  parent: z.string().nullable(),
  linked: z.boolean(),
});
export type PlaceNode = z.infer<typeof PlaceNode>;

export const DropReason = z.enum(['INVALID_SHAPE', 'UNKNOWN_PLACE_CODE', 'UNKNOWN_PROGRAM', 'UNKNOWN_POLICY', 'NO_PLACE', 'PRIVATE_PERSON']);
export type DropReason = z.infer<typeof DropReason>;

export const Dropped = z.strictObject({
  docId: z.string(),
  file: z.string(),
  path: z.string(),
  reason: DropReason,
  message: z.string(),
  item: z.unknown(),
  start: z.number().int().optional(),
  end: z.number().int().optional(),
});
export type Dropped = z.infer<typeof Dropped>;

export const ValidatedDocument = z.strictObject({
  document: DocumentRow,
  record: ExtractionRecord,
  places: z.array(PlaceNode),
  dropped: z.array(Dropped),
});
export type ValidatedDocument = z.infer<typeof ValidatedDocument>;
