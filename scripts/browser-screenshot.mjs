#!/usr/bin/env node
// Renders docs/browser.png: Neo4j Browser of the local server, logged in, with the fupin-kg
// style (queries/browser/fupin.grass) applied by `:style`, showing what one county received.
// Needs a local server with the sample reports loaded (`npm start`), headless Chromium and
// puppeteer-core (a dev dependency). Usage: node scripts/browser-screenshot.mjs [out.png]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'docs', 'browser.png'));
const state = JSON.parse(readFileSync(join(root, '.neo4j', 'run', 'state.json'), 'utf8'));
if (!state.httpPort) throw new Error('the local server runs without HTTP (neo4j.local.http: false): Browser is not served');
const password = readFileSync(join(root, '.neo4j', 'password'), 'utf8').trim();
const grass = readFileSync(join(root, 'queries', 'browser', 'fupin.grass'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').trim();
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].map((c) => {
  try {
    return execFileSync('which', [c], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}).find(Boolean);
if (!chromium) throw new Error('no Chromium found (apt-get install chromium)');

const QUERY = `MATCH (c:County {name: '金寨县'})
OPTIONAL MATCH (pr:Program)-[i:IMPLEMENTED_IN]->(c)
OPTIONAL MATCH (po:Policy)-[a:APPLIES_TO]->(c)
OPTIONAL MATCH (f:Figure)-[m:MEASURES]->(c) WHERE f.category IN ['funds', 'beneficiaries']
OPTIONAL MATCH (c)-[p:PART_OF]->(city:Place)
RETURN c, pr, i, po, a, f, m, p, city LIMIT 60`;

const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'], defaultViewport: { width: 1400, height: 950 } });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${state.httpPort}/browser/`, { waitUntil: 'networkidle0', timeout: 60_000 });
  await page.waitForSelector('[data-testid="username"]');
  await page.evaluate(() => { document.querySelector('[data-testid="boltaddress"]').value = ''; });
  await page.type('[data-testid="boltaddress"]', `127.0.0.1:${state.boltPort}`);
  await page.type('[data-testid="username"]', 'neo4j');
  await page.type('[data-testid="password"]', password);
  await page.click('[data-testid="connect"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="connect"]'), { timeout: 30_000 });
  // Text is inserted, not typed: the editor would close brackets and quotes as it goes.
  const run = async (command, settleMs) => {
    await page.click('#monaco-main-editor');
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await page.evaluate((text) => document.execCommand('insertText', false, text), command);
    await page.click('[data-testid="editor-Run"]');
    await new Promise((r) => setTimeout(r, settleMs));
  };
  await run(`:style ${grass}`, 2_000);
  await run(':clear', 1_000);
  await run(QUERY, 8_000);
  if (await page.evaluate(() => document.body.innerText.includes('Something went wrong'))) throw new Error('Browser failed to render the result');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
