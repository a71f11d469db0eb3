/** Lists the report files of a run: folders searched recursively, files as given, a manifest, a shard. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import { ManifestEntry } from '../../schemas/index.ts';
import { ConfigError } from '../errors.ts';
import { formatZodIssues } from '../config/load-config.ts';

export interface InputFile {
  path: string;
  root: string;
  /** The collection of its root (config input.collection, or the folder's own). */
  collection: string;
  /** Found by searching a folder (its collection's missing files may be removed), or named on its own. */
  fromFolder: boolean;
}

/** A path under an input folder that could not be listed or read: recorded, never fatal, and its documents are not removed. */
export interface ListingProblem {
  path: string;
  root: string;
  collection: string;
  /** Relative to the root, with a trailing slash for a folder: documents under it are kept. */
  prefix: string;
  message: string;
}

export interface InputOptions {
  extensions: string[];
  /** Called for each folder or link that cannot be read; the listing goes on. */
  onProblem?: (problem: ListingProblem) => void;
  /** config input.collection: one name for every root; null: each root is its own collection. */
  collection?: string | null;
  /** Globs relative to the folder (input.ignore). */
  ignore?: string[];
}

/** A folder's own collection: its name and a short hash of its absolute path (two folders named reports are two collections). */
export function collectionOf(root: string, configured: string | null = null): string {
  if (configured) return configured;
  const abs = resolve(root);
  const name = basename(abs).replace(/[^\p{L}\p{N}_.-]+/gu, '_') || 'root';
  return `${name}-${createHash('sha1').update(abs).digest('hex').slice(0, 6)}`;
}

/**
 * The report files of a run. An input folder that is missing, unreadable or holds no report
 * (an unmounted share) is an error naming it: a run over it would remove every document.
 */
export function listInputs(paths: string[], options: InputOptions | string[]): InputFile[] {
  const { extensions, collection = null, ignore = [], onProblem } = Array.isArray(options) ? { extensions: options } : options;
  const ignored = ignore.length > 0 ? picomatch(ignore, { dot: false }) : null;
  const out: InputFile[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new ConfigError(p, 'input path not found (a folder that is not mounted?)');
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
      if (isDir) readdirSync(abs);
    } catch (error) {
      throw new ConfigError(p, `input path cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (isDir) {
      const coll = collectionOf(abs, collection);
      const before = out.length;
      const problem = (path: string, isFolder: boolean, message: string) => onProblem?.({
        path, root: abs, collection: coll, prefix: `${relative(abs, path).split(sep).join('/')}${isFolder ? '/' : ''}`, message,
      });
      for (const file of walk(abs, problem, new Set([realpathSync(abs)]))) {
        if (!extensions.includes(extname(file).toLowerCase())) continue;
        if (ignored?.(relative(abs, file).split(sep).join('/'))) continue;
        out.push({ path: file, root: abs, collection: coll, fromFolder: true });
      }
      if (out.length === before) throw new ConfigError(p, `input folder holds no report files (${extensions.join(', ')}${ignore.length > 0 ? `, minus input.ignore` : ''}); the graph is left as it is`);
    } else {
      const root = resolve(abs, '..');
      out.push({ path: abs, root, collection: collectionOf(root, collection), fromFolder: false });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

type Problem = (path: string, isFolder: boolean, message: string) => void;

/**
 * The files under a folder, sorted. A symbolic link is followed (to a file, or a folder not
 * already on the way down: no cycles); a link to nothing and a folder that cannot be read are
 * problems, and the walk goes on.
 */
function* walk(dir: string, problem: Problem, visiting: Set<string>): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (error) {
    problem(dir, true, `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); its reports are skipped and kept in the graph`);
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        problem(full, false, `symbolic link to nothing (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped`);
        continue;
      }
    }
    if (isDir) {
      const real = realpathSync(full);
      if (visiting.has(real)) {
        problem(full, true, 'symbolic link back to a folder above it; not followed');
        continue;
      }
      visiting.add(real);
      yield* walk(full, problem, visiting);
      visiting.delete(real);
    } else if (isFile) yield full;
  }
}

/** `i/n`: a deterministic share of the documents by a hash of their id. */
export function parseShard(spec: string | undefined): { index: number; count: number } | null {
  if (!spec) return null;
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  if (!m) throw new ConfigError('--shard', `expected i/n such as 0/4, got \`${spec}\``);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new ConfigError('--shard', `expected 0 <= i < n, got \`${spec}\``);
  return { index, count };
}

export function inShard(id: string, shard: { index: number; count: number } | null): boolean {
  if (!shard) return true;
  const h = createHash('sha1').update(id).digest().readUInt32BE(0);
  return h % shard.count === shard.index;
}

export function relativeSource(file: InputFile): string {
  return relative(file.root, file.path).split(sep).join('/');
}

/** A manifest (YAML list or CSV with a header) adding url/title/publishedAt/outlet per file. */
export function readManifest(path: string): Map<string, Omit<ManifestEntry, 'file'>> {
  if (!existsSync(path)) throw new ConfigError(path, 'manifest not found');
  const text = readFileSync(path, 'utf8');
  let rows: unknown[];
  if (/\.csv$/i.test(path)) {
    const [head, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const cols = (head ?? '').split(',').map((c) => c.trim());
    rows = lines.map((l) => Object.fromEntries(splitCsv(l).map((v, i) => [cols[i] ?? `col${i}`, v])).valueOf());
  } else {
    const parsed = parseYaml(text) as unknown;
    rows = Array.isArray(parsed) ? parsed : [];
  }
  const out = new Map<string, Omit<ManifestEntry, 'file'>>();
  rows.forEach((row, i) => {
    const r = ManifestEntry.safeParse(Object.fromEntries(Object.entries(row as object).filter(([, v]) => v !== '' && v !== null)));
    if (!r.success) throw new ConfigError(path, `entry ${i}: ${formatZodIssues(r.error)}`);
    const { file, ...meta } = r.data;
    out.set(file, meta);
  });
  return out;
}

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}
