/** The pipeline's stages in order; each is a typed function of the previous stage's output. */
export { ingestFile, ingestBytes } from './ingest.ts';
export { normalize } from './normalize.ts';
export { segment } from './segment.ts';
export { extract } from './extract/index.ts';
export { toExtractedDocument } from './extract/document.ts';
export { validate } from './validate.ts';
export { loadDocuments } from './load.ts';

export const STAGES = ['ingest', 'normalize', 'segment', 'extract', 'validate', 'load'] as const;
export type StageName = (typeof STAGES)[number];
