/** Stable ids: derived from the document and the position, never random. */
import { hash } from 'node:crypto';

export function figureId(docId: string, originalOffset: number): string {
  // One-shot hash: no Hash object per figure.
  return hash('sha1', `${docId}#${originalOffset}`, 'hex').slice(0, 16);
}
