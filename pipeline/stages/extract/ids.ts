/** Stable ids: derived from the document and the position, never random. */
import { createHash } from 'node:crypto';

export function figureId(docId: string, originalOffset: number): string {
  return createHash('sha1').update(`${docId}#${originalOffset}`).digest('hex').slice(0, 16);
}
