/**
 * The command line is never silent and never noisy: wrong parameters, unknown places, Cypher
 * errors and refused credentials are one clear line with the right exit code (2 usage, 3
 * server), and every answer it gives comes from the real graph of the sample reports.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { emptyDatabase, REPORTS, testGraph } from '../helpers/graph.ts';
import type { Graph } from '../../pipeline/neo4j/connect.ts';

describe('fupin-kg messages', () => {
  let graph: Graph;
  let env: NodeJS.ProcessEnv;
  let configFile: string;
  let dir: string;
  const t = inject('neo4j');
  beforeAll(async () => {
    graph = await testGraph();
    await emptyDatabase(graph);
    env = { NEO4J_URI: t.uri, NEO4J_USER: t.user, NEO4J_PASSWORD: t.password };
    dir = mkdtempSync(join(tmpdir(), 'fupin-msg-'));
    configFile = join(dir, 'fupin.config.yaml');
    writeFileSync(configFile, `input:\n  reports: ${REPORTS}\noutput:\n  dir: ${join(dir, 'out')}\n`);
    const run = await cli(['--config', configFile, 'run', '--no-question'], env);
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });
  const query = (...args: string[]) => cli(['--config', configFile, 'query', ...args], env);

  it('a missing required parameter is exit 2 with an example, not "(no rows)"', async () => {
    const r = await query('place-profile');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/query place-profile needs --param place=金寨县/);
    expect(r.stdout).not.toContain('(no rows)');
  });

  it('an unknown program, category or query name gets the nearest allowed values', async () => {
    const program = await query('program-places', '--param', 'program=产业扶平', '--param', 'place=阜阳市');
    expect(program.code).toBe(2);
    expect(program.stderr).toMatch(/unknown program `产业扶平`.*did you mean 产业扶贫/);
    expect(program.stderr).toContain('fupin-kg query --values program');
    const category = await query('metric-over-time', '--param', 'place=淮北市', '--param', 'category=poverty-rate');
    expect(category.code).toBe(2);
    expect(category.stderr).toMatch(/unknown category `poverty-rate`.*did you mean poverty_rate/);
    const name = await query('place-profil', '--param', 'place=金寨县');
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/no query named `place-profil`; did you mean place-profile\?/);
    const key = await query('place-profile', '--param', 'plase=金寨县');
    expect(key.stderr).toMatch(/has no parameter `plase`; did you mean place\?/);
  });

  it('lists the closed vocabularies', async () => {
    const r = await query('--values', 'program');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain('易地扶贫搬迁');
    expect((await query('--values', 'level')).stdout.trim().split('\n')).toEqual(['province', 'prefecture', 'county', 'township', 'village']);
  });

  it('text parameters stay text: policy=2019 finds the titles that contain 2019', async () => {
    const r = await query('policies-reaching-counties', '--param', 'policy=2019', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { policy: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.policy.includes('2019'))).toBe(true);
  });

  it('an unknown place gets suggestions; a traditional name is read as simplified', async () => {
    const typo = await query('place-profile', '--param', 'place=金塞县');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no place named `金塞县`; did you mean 金寨县/);
    const traditional = await query('place-profile', '--param', 'place=金寨縣', '--format', 'json');
    expect(traditional.code, traditional.stderr).toBe(0);
    expect(JSON.parse(traditional.stdout).length).toBeGreaterThan(0);
  });

  it('a Cypher syntax error or a missing parameter is one line with Neo4j\'s code and position, exit 2', async () => {
    const syntax = await cli(['--config', configFile, 'cypher', 'MATC (n) RETURN n'], env);
    expect(syntax.code).toBe(2);
    const lines = syntax.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Neo\.ClientError\.Statement\.SyntaxError: Invalid input 'MATC'.*line 1, column 1/);
    const missing = await cli(['--config', configFile, 'cypher', 'MATCH (p:Place {code: $code}) RETURN p'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^Neo\.ClientError\.Statement\.ParameterMissing: Expected parameter\(s\): code$/);
  });

  it('read-only is decided by the server\'s plan, not by the words of the statement', async () => {
    const cypher = (statement: string, ...rest: string[]) => cli(['--config', configFile, 'cypher', statement, ...rest], env);
    // A read that merely contains the word "write", with a syntax error: a Cypher error, not a refused write.
    const syntax = await cypher('MATCH (n) RETURN n.write +');
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^Neo\.ClientError\.Statement\.SyntaxError/);
    // Administration and LOAD CSV need --write.
    for (const statement of ['TERMINATE TRANSACTIONS "neo4j-transaction-1"', "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row"]) {
      const r = await cypher(statement);
      expect(r.code, statement).toBe(2);
      expect(r.stderr, statement).toMatch(/^refused: .*pass --write/);
    }
    const read = await cypher('MATCH (p:Place {code: "3415"}) RETURN p.name AS name', '--format', 'json');
    expect(JSON.parse(read.stdout)).toEqual([{ name: '六安市' }]);
  });

  it('--version prints the package, pipeline and server versions', async () => {
    const r = await cli(['--config', configFile, '--version'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fupin-kg \d+\.\d+\.\d+\npipeline [0-9a-f]{12}\n/);
    expect(r.stdout).toMatch(/neo4j Neo4j\/5\.26\.\d+ at bolt:\/\//);
  });

  it('a refused password is its own message and exit 3, naming the user, the server and where the password came from', async () => {
    const r = await cli(['--config', configFile, 'query', 'documents'], { ...env, NEO4J_PASSWORD: 'not-the-password' });
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(`authentication failed for user ${t.user} at ${t.uri}; password from NEO4J_PASSWORD`);
  });

  it.runIf(t.kind === 'local')('a command that needs the local server and finds none starts it with one line, and says how to stop it', async () => {
    const home = join(dir, 'neo4j-home');
    const local = join(dir, 'local.yaml');
    writeFileSync(local, `neo4j:\n  local:\n    home: ${home}\n    heapMb: 384\n    pagecacheMb: 64\n    http: false\noutput:\n  dir: ${join(dir, 'out-local')}\n`);
    const noServer = { NEO4J_URI: '', NEO4J_PASSWORD: '' };
    try {
      const r = await cli(['--config', local, 'query', 'documents'], noServer);
      expect(r.code, r.stderr).toBe(0);
      const started = r.stderr.split('\n').filter((l) => l.includes('starting local Neo4j'));
      expect(started).toHaveLength(1);
      expect(started[0]).toContain('stop it with `fupin-kg neo4j stop`');
      const again = await cli(['--config', local, 'query', 'documents'], noServer);
      expect(again.stderr).not.toContain('starting local Neo4j');
    } finally {
      await cli(['--config', local, 'neo4j', 'stop'], noServer);
    }
  });
});
