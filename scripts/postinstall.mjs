#!/usr/bin/env node
// Runs after `npm install`: bundles the CLI into dist/ (scripts/build.mjs), precomputes the division index and the masker's word list (so a run only parses them),
// resolves the Neo4j server jars from Maven Central (skipped with FUPIN_SKIP_NEO4J=1 or when
// NEO4J_URI points at a server), creates the local server's password, and links the CLI
// into node_modules/.bin.
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import('./build.mjs');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { writeDivisionCache } = await import('../pipeline/gazetteer/build.ts');
const { installJars, localPassword } = await import('../pipeline/neo4j/local-server.ts');

const started = Date.now();
const file = await writeDivisionCache(join(root, '.cache'));
console.log(`fupin-kg: division index ${relative(root, file)} (${Date.now() - started} ms)`);
// The words the name masker needs from jieba's dictionary (so no process loads jieba itself).
const { personWordsFile, writePersonWords } = await import('../pipeline/stages/person-words.ts');
writePersonWords(personWordsFile(join(root, '.cache')));

if (process.env.FUPIN_SKIP_NEO4J === '1' || process.env.NEO4J_URI) {
  console.log('fupin-kg: skipping the local Neo4j install (FUPIN_SKIP_NEO4J or NEO4J_URI set)');
} else {
  const home = join(root, '.neo4j');
  installJars((line) => console.log(`fupin-kg: ${line}`));
  localPassword(home);
  console.log(`fupin-kg: Neo4j jars ready in ${relative(root, join(home, 'lib'))}`);
}

const bin = join(root, 'node_modules', '.bin');
mkdirSync(bin, { recursive: true });
const link = join(bin, 'fupin-kg');
if (existsSync(link)) rmSync(link);
symlinkSync(relative(bin, join(root, 'bin', 'fupin-kg.mjs')), link);
