/** The bulk writer's spill files give back every row as written, whatever chunk a character falls across. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpillFile } from '../../pipeline/stages/bulk-csv.ts';

describe('bulk spill files', () => {
  it('read back rows of Chinese text over several 1 MB chunks unchanged (a character split across chunks)', () => {
    const spill = new SpillFile(join(mkdtempSync(join(tmpdir(), 'fupin-spill-')), 'rows.jsonl'));
    const rows = Array.from({ length: 60_000 }, (_, i) => [`doc-${i}`, `产业扶贫${'脱贫攻坚'.repeat(i % 7)}`, i]);
    for (const row of rows) spill.write(row);
    expect([...spill.drain()]).toEqual(rows);
  });
});
