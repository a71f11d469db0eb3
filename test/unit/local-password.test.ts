import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPassword } from '../../pipeline/neo4j/local-server.ts';

describe('the local server password', () => {
  it('is generated once per home, private, and never begins with "-" (neo4j-admin would take it for an option)', () => {
    const root = mkdtempSync(join(tmpdir(), 'fupin-pw-'));
    try {
      const passwords = Array.from({ length: 200 }, (_, i) => localPassword(join(root, String(i))));
      expect(passwords.filter((p) => p.startsWith('-'))).toEqual([]);
      expect(new Set(passwords).size).toBe(200);
      expect(localPassword(join(root, '0'))).toBe(passwords[0]);
      expect(statSync(join(root, '0', 'password')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
