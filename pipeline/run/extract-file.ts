/** One file through ingest → normalize → segment → extract, in memory (eval, `extract --json`). */
import type { Config, ExtractionRecord, ManifestEntry } from '../../schemas/index.ts';
import type { Divisions } from '../gazetteer/divisions.ts';
import type { SegmentedDocument } from '../../schemas/index.ts';
import { extractTraced } from '../stages/extract/index.ts';
import type { PlaceResult } from '../stages/extract/places.ts';
import { ingestFile } from '../stages/ingest.ts';
import { normalize } from '../stages/normalize.ts';
import { segment } from '../stages/segment.ts';

export type Manifest = Map<string, Omit<ManifestEntry, 'file'>>;

export function extractFile(path: string, root: string, config: Config, divisions: Divisions, manifest?: Manifest): ExtractionRecord {
  return extractFileTraced(path, root, config, divisions, manifest).record;
}

/** The same, keeping the segmented document and the place resolver's result (`eval --explain`). */
export function extractFileTraced(path: string, root: string, config: Config, divisions: Divisions, manifest?: Manifest): { record: ExtractionRecord; doc: SegmentedDocument; places: PlaceResult } {
  const raw = ingestFile(path, manifest ? { root, maxFileBytes: config.input.maxFileBytes, manifest } : { root, maxFileBytes: config.input.maxFileBytes });
  const doc = segment(normalize(raw));
  return { ...extractTraced(doc, divisions), doc };
}
