/** Documents as they move through ingest → normalize → segment. */
import { z } from 'zod';

export const Encoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5']);
export type Encoding = z.infer<typeof Encoding>;

/** Metadata a manifest may add per file. */
export const ManifestEntry = z.strictObject({
  file: z.string().min(1),
  url: z.string().optional(),
  title: z.string().optional(),
  publishedAt: z.string().optional(),
  outlet: z.string().optional(),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

/** ingest: a decoded file. `text` is the original, decoded; every offset later points into it. */
export const RawDocument = z.strictObject({
  id: z.string(),
  source: z.string(),
  path: z.string(),
  contentHash: z.string(),
  encoding: Encoding,
  format: z.enum(['text', 'html', 'markdown']),
  bytes: z.number().int().nonnegative(),
  text: z.string(),
  manifest: ManifestEntry.omit({ file: true }).optional(),
});
export type RawDocument = z.infer<typeof RawDocument>;

export const DocumentMeta = z.strictObject({
  title: z.string(),
  publishedAt: z.string().nullable(),
  outlet: z.string().nullable(),
  author: z.string().nullable(),
  url: z.string().nullable(),
  reportYear: z.number().int().nullable(),
  script: z.enum(['hans', 'hant']),
  digitsDamaged: z.boolean(),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

/**
 * normalize: clean simplified text. `origin[i]` is the offset in RawDocument.text of clean
 * character i; `surfaceText` is the clean text before traditional→simplified conversion
 * (same length), so surfaces can keep the document's own characters.
 */
export const NormalizedDocument = z.strictObject({
  id: z.string(),
  source: z.string(),
  contentHash: z.string(),
  text: z.string(),
  surfaceText: z.string(),
  origin: z.array(z.number().int()),
  meta: DocumentMeta,
  removedLines: z.number().int().nonnegative(),
});
export type NormalizedDocument = z.infer<typeof NormalizedDocument>;

export const Sentence = z.strictObject({
  index: z.number().int().nonnegative(),
  paragraph: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type Sentence = z.infer<typeof Sentence>;

export const Paragraph = z.strictObject({
  index: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  heading: z.boolean(),
});
export type Paragraph = z.infer<typeof Paragraph>;

/** segment: paragraphs and sentences over the clean text. */
export const SegmentedDocument = NormalizedDocument.extend({
  paragraphs: z.array(Paragraph),
  sentences: z.array(Sentence),
});
export type SegmentedDocument = z.infer<typeof SegmentedDocument>;
