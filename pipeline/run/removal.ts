/**
 * Which documents a run removes, and whether it may. A run removes the missing documents of
 * its own collections only (the folders it read), never those of another folder. Documents
 * loaded before collections existed (ids by file name, no collection) are migrated: one whose
 * path this run read is replaced by its new id, the others are missing. A removal beyond
 * run.maxRemovedShare of the collection (or run.maxRemoved documents) is refused unless
 * --allow-mass-removal: an emptied or half-synced folder must not empty the graph.
 */
import type { Config } from '../../schemas/index.ts';
import type { LoadedDocument } from '../stages/load.ts';

export interface RemovalPlan {
  /** Documents of this run's collections that are no longer in its folders. */
  missing: string[];
  /** Legacy documents (before collections) this run replaces by their new id. */
  migrated: string[];
  /** Documents the collections held before the run. */
  collectionSize: number;
  refused: boolean;
}

export function planRemoval(
  existing: Map<string, LoadedDocument>,
  run: {
    collections: Set<string>; seenIds: Set<string>; seenSources: Set<string>; inShard: (id: string) => boolean; removes: boolean;
    /** Paths the listing could not read: the documents under them are not missing, only unseen. */
    unreadable?: { collection: string; prefix: string }[];
  },
  config: Config,
  allowMassRemoval: boolean,
): RemovalPlan {
  const missing: string[] = [];
  const migrated: string[] = [];
  let collectionSize = 0;
  for (const [id, d] of existing) {
    if (!run.inShard(id) && d.collection !== null) continue;
    if (d.collection === null) {
      // Before collections, the id was the path without extension and source the path.
      if (run.seenSources.has(d.source)) migrated.push(id);
      else if (run.removes) missing.push(id);
      collectionSize++;
      continue;
    }
    if (!run.collections.has(d.collection)) continue;
    collectionSize++;
    if (run.removes && !run.seenIds.has(id) && !underUnreadable(d, run.unreadable ?? [])) missing.push(id);
  }
  const share = collectionSize === 0 ? 0 : missing.length / collectionSize;
  const tooMany = share > config.run.maxRemovedShare || (config.run.maxRemoved !== null && missing.length > config.run.maxRemoved);
  return { missing, migrated, collectionSize, refused: tooMany && !allowMassRemoval };
}

/** Under a path the listing could not read: the path itself, or a folder (a link to nothing may have been one). */
function underUnreadable(d: LoadedDocument, unreadable: { collection: string; prefix: string }[]): boolean {
  return unreadable.some((u) => u.collection === d.collection && (d.source === u.prefix || d.source.startsWith(u.prefix.endsWith('/') ? u.prefix : `${u.prefix}/`)));
}
