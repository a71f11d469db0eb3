/** Lists the report files of a run: folders searched recursively, files as given, a manifest, a shard. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ManifestEntry } from '../../schemas/index.ts';
import { ConfigError } from '../errors.ts';
import { formatZodIssues } from '../config/load-config.ts';

export interface InputFile {
  path: string;
  root: string;
}

export function listInputs(paths: string[], extensions: string[]): InputFile[] {
  const out: InputFile[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new ConfigError(p, 'input path not found');
    if (statSync(abs).isDirectory()) {
      for (const file of walk(abs)) if (extensions.includes(extname(file).toLowerCase())) out.push({ path: file, root: abs });
    } else out.push({ path: abs, root: resolve(abs, '..') });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
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
