/** The extract stage's artifact: the document row for the graph with its extraction record. */
import type { ExtractedDocument, SegmentedDocument } from '../../../schemas/index.ts';
import type { Divisions } from '../../gazetteer/divisions.ts';
import { pipelineVersion } from '../../run/version.ts';
import { extract } from './index.ts';
import { collectionOfId } from '../ingest.ts';
import { textHashOf } from '../../run/stage-run.ts';

export function toExtractedDocument(doc: SegmentedDocument, divisions: Divisions): ExtractedDocument {
  return {
    document: {
      id: doc.id,
      source: doc.source,
      collection: collectionOfId(doc.id) ?? '(none)',
      textHash: textHashOf(doc.text),
      title: doc.meta.title,
      contentHash: doc.contentHash,
      script: doc.meta.script,
      reportYear: doc.meta.reportYear,
      publishedAt: doc.meta.publishedAt,
      digitsDamaged: doc.meta.digitsDamaged,
      outlet: doc.meta.outlet,
      url: doc.meta.url,
      pipelineVersion: pipelineVersion(),
    },
    record: extract(doc, divisions),
  };
}
