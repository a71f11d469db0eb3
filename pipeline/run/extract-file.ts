/** One file through ingest → normalize → segment → extract, in memory (eval, `extract --json`). */
import type { Config, ExtractionRecord } from '../../schemas/index.ts';
import type { Divisions } from '../gazetteer/divisions.ts';
import { extract } from '../stages/extract/index.ts';
import { ingestFile } from '../stages/ingest.ts';
import { normalize } from '../stages/normalize.ts';
import { segment } from '../stages/segment.ts';

export function extractFile(path: string, root: string, config: Config, divisions: Divisions): ExtractionRecord {
  const raw = ingestFile(path, { root, maxFileBytes: config.input.maxFileBytes });
  return extract(segment(normalize(raw)), divisions);
}
