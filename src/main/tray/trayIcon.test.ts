import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/vectors';
import { trayIconPath } from './trayIcon';

describe('trayIconPath', () => {
  it('every state has a template icon at 1x and @2x in assets/, and they are all different', () => {
    const assets = join(repoRoot, 'assets');
    const states = ['healthy', 'degraded', 'unhealthy', 'unknown', 'busy'] as const;
    const files = states.map((s) => trayIconPath(assets, s));
    for (const f of files) {
      expect(f).toMatch(/Template\.png$/);
      expect(existsSync(f)).toBe(true);
      expect(existsSync(f.replace(/\.png$/, '@2x.png'))).toBe(true);
    }
    expect(new Set(files).size).toBe(states.length);
  });
});
