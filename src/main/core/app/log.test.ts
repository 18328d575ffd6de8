import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log';

describe('createLogger', () => {
  it('writes no credential-looking value: message, fields, nested fields and child fields', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tether-log-')), 'logs', 'tether.log');
    const lines: string[] = [];
    const log = createLogger({ file, echo: (l) => lines.push(l) }).child({
      url: 'http://u:hunter2@proxy:3128',
    });
    log.error('exec plugin failed: token k8s-aws-v1.aHR0cHM6Ly9zdHM', {
      stderr: 'Authorization: Bearer sha256~SecretValue123',
      nested: { list: ['x ya29.a0AfB_Secret more'] },
      error: new Error('got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl back'),
      port: 6443,
    });
    const written = readFileSync(file, 'utf8');
    for (const text of [written, lines.join('\n')]) {
      expect(text).toContain('exec plugin failed: token [redacted]');
      expect(text).toContain('"port":6443');
      expect(text).not.toMatch(/aHR0cHM6|SecretValue123|a0AfB_Secret|hunter2|c2lnbmF0dXJl/);
    }
    expect(JSON.parse(written.trim())).toMatchObject({ stderr: 'Authorization: Bearer [redacted]' });
  });
});
