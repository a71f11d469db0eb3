/** `fupin-kg`: argument parsing only; each command's work lives in pipeline/cli/commands.ts. */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, FupinError, LockedError, Neo4jAuthError, Neo4jUnavailableError } from '../errors.ts';
import { looksUnavailable } from '../neo4j/availability.ts';
import { limitHeapGrowth } from '../run/heap-growth.ts';

type Commands = typeof import('./commands.ts');
let loaded: Commands | null = null;
/** Commands load their modules (the driver, the extractor) only when they run: `--help` and `--version` start fast. */
const commands = async (): Promise<Commands> => (loaded ??= await import('./commands.ts'));
function lazy<K extends keyof Commands>(name: K): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const fn = (await commands())[name] as (...a: unknown[]) => Promise<void>;
    await fn(...args);
  };
}

export const EXIT = { ok: 0, documentsFailed: 1, usage: 2, unavailable: 3 } as const;

export function buildProgram(): Command {
  const program = new Command('fupin-kg')
    .description('Chinese poverty-alleviation reports → a Neo4j knowledge graph with provenance')
    .option('-c, --config <file>', 'configuration file (default: fupin.config.yaml when present)')
    .option('--log-json', 'structured JSON logs on stderr even on a terminal')
    .option('-V, --version', 'print the version, the pipeline version and the Neo4j server version when one answers')
    .showHelpAfterError()
    .exitOverride()
    .action(async (opts: { version?: boolean }, cmd: Command) => {
      if (opts.version) await lazy('version')(opts, cmd);
      else cmd.help();
    });

  program.command('run')
    .description('all stages: ingest → normalize → segment → extract → validate → load (incremental)')
    .argument('[paths...]', 'report files or folders (default: input.reports of the config)')
    .option('--shard <i/n>', 'process a deterministic share of the documents, e.g. 0/4')
    .option('--keep-missing', 'keep the facts of documents no longer in the input')
    .option('--dry-run', 'read, extract and validate; print what would be loaded, replaced, removed and refused; write nothing to the graph')
    .option('--allow-mass-removal', 'let the run remove more than run.maxRemovedShare (or run.maxRemoved) of its collection')
    .option('--strict', 'known failures (bad files unchanged since an earlier run) fail the run too')
    .option('--bulk', 'build with neo4j-admin import (local server, empty database; the default there)')
    .option('--no-bulk', 'write in transactions even for a first build')
    .option('--force', 'extract and load every document even when unchanged')
    .option('--no-question', 'do not print the sample analyst question after the summary')
    .action(lazy('run'));

  program.command('ingest')
    .description('ingest and normalize reports; write out/stages/normalize.jsonl')
    .argument('[paths...]', 'report files or folders')
    .option('--manifest <file>', 'manifest of the reports (url, title, publishedAt, outlet; default: input.manifest)')
    .action(lazy('ingest'));

  program.command('extract')
    .description('extract entities and relations; with --json print one record per document (annotation-guide shape)')
    .argument('[files...]', 'report files or folders (default: out/stages/normalize.jsonl)')
    .option('--json', 'print records as JSON lines on stdout instead of writing out/stages/validate.jsonl')
    .option('--manifest <file>', 'manifest of the reports (url, title, publishedAt, outlet; default: input.manifest)')
    .action(lazy('extractCmd'));

  program.command('load')
    .description('load validated records (out/stages/validate.jsonl) into Neo4j')
    .option('--in <file>', 'validated records (JSON lines)')
    .action(lazy('load'));

  program.command('query')
    .description('run a named question of queries/ask/ (read-only)')
    .argument('[name]', 'query name; omit to list them')
    .option('-p, --param <key=value...>', 'query parameters (place accepts a code or a name)')
    .option('--values <vocabulary>', 'list a closed vocabulary: program, category or level')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(lazy('query'));

  program.command('cypher')
    .description('run an ad-hoc Cypher statement (read-only unless --write)')
    .argument('<statement>', 'Cypher; use $name parameters')
    .option('-p, --param <key=value...>', 'parameters: key=text or key:=json')
    .option('--write', 'allow writes')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(lazy('cypherCmd'));

  program.command('eval')
    .description('score extraction against gold annotations: P/R/F1 per kind')
    .option('--set <name>', 'score only this set of eval.sets (default: every set)')
    .option('--gold <dir>', 'gold annotations of an ad-hoc set')
    .option('--reports <dir>', 'the reports they annotate')
    .option('--manifest <file>', 'their manifest (url, title, …), used as a run uses it')
    .option('-v, --verbose', 'list every missing and extra item')
    .option('--explain', 'each false positive and negative with its sentence and the resolver\'s reason')
    .option('--no-fail', 'exit 0 even below the thresholds')
    .action(lazy('evaluate'));

  program.command('report')
    .description('write the researcher report: a self-contained HTML page with charts, and CSV files')
    .option('-o, --out <dir>', 'output folder (default: report/ under output.dir of the config)')
    .option('--excel', 'write the CSV files with a byte-order mark, so a spreadsheet on Chinese Windows reads them as UTF-8')
    .action(lazy('report'));

  program.command('bench')
    .description('benchmark on a synthetic corpus of N reports; writes BENCHMARKS.md')
    .option('-n, --docs <n...>', 'corpus sizes', ['1000', '10000'])
    .option('--no-load', 'extraction only (no Neo4j)')
    .option('-o, --out <file>', 'where to write the results', 'BENCHMARKS.md')
    .action(lazy('bench'));

  const neo4jCmd = program.command('neo4j').description('the local Neo4j server (when NEO4J_URI is not set)');
  neo4jCmd.command('start').description('install (once) and start the local server').action(lazy('neo4jStart'));
  neo4jCmd.command('stop').description('stop the local server').action(lazy('neo4jStop'));
  neo4jCmd.command('status').description('is the local server running, and where').action(lazy('neo4jStatus'));
  neo4jCmd.command('install').description('resolve the server jars from Maven Central').action(lazy('neo4jInstall'));
  return program;
}

/** A Cypher statement the server refused (syntax, a missing parameter, a type), in cypher-shell's manner: one line. */
function cypherError(error: unknown): string | null {
  const code = String((error as { code?: unknown }).code ?? '');
  if (!code.startsWith('Neo.ClientError.') || code.startsWith('Neo.ClientError.Security.')) return null;
  const first = String((error as Error).message ?? '').split('\n').find((l) => l.trim()) ?? '';
  return `${code}: ${first.trim()}`;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  limitHeapGrowth();
  // `fupin-kg query … | head`: a closed pipe ends the output, not the process with a trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return loaded ? loaded.exitCode() : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof LockedError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof Neo4jAuthError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.unavailable;
    }
    const refused = cypherError(error);
    if (refused) {
      process.stderr.write(`${refused}\n`);
      return EXIT.usage;
    }
    if (error instanceof Neo4jUnavailableError || looksUnavailable(error)) {
      process.stderr.write(`Neo4j unavailable: ${(error as Error).message}\n`);
      return EXIT.unavailable;
    }
    if (error instanceof FupinError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
