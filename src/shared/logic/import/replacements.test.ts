import { describe, expect, it } from 'vitest';
import { importAction, withReplacements } from './replacements';
import type { ImportResult } from '../../domain/importResult';

describe('importAction', () => {
  const stopped = { running: false, contextKnown: true };
  const running = { running: true, contextKnown: true };
  const unmapped = { running: false, contextKnown: false };

  it('adds what is new, whatever the confirmation', () => {
    expect(importAction(undefined, true, false)).toBe('add');
    expect(importAction(undefined, false, true)).toBe('add');
  });

  it('keeps a stored forward unless replacing is confirmed', () => {
    expect(importAction(stopped, true, false)).toBe('keep-existing');
    expect(importAction(stopped, true, true)).toBe('replace');
  });

  it('never replaces a running forward, even when replacing is confirmed', () => {
    expect(importAction(running, true, false)).toBe('keep-running');
    expect(importAction(running, true, true)).toBe('keep-running');
  });

  it('remaps a stored forward whose context is missing when the import brings a known one', () => {
    expect(importAction(unmapped, true, false)).toBe('remap');
    expect(importAction(unmapped, false, false)).toBe('keep-existing');
    expect(importAction(unmapped, false, true)).toBe('replace');
  });
});

describe('withReplacements', () => {
  it('turns "new" into "replaces <id>" for ids already stored, leaving other outcomes', () => {
    const result: ImportResult = {
      format: 'tether',
      forwards: [],
      unsupported: [],
      errors: [],
      warnings: [],
      entries: [
        {
          entry: 'a',
          id: 'fwd-a',
          outcomes: [{ kind: 'new' }, { kind: 'context-not-in-kubeconfig', context: 'x' }],
        },
        { entry: 'b', id: 'fwd-b', outcomes: [{ kind: 'new' }] },
      ],
    };
    expect(withReplacements(result, new Set(['fwd-a'])).entries).toEqual([
      {
        entry: 'a',
        id: 'fwd-a',
        outcomes: [
          { kind: 'replaces', id: 'fwd-a' },
          { kind: 'context-not-in-kubeconfig', context: 'x' },
        ],
      },
      { entry: 'b', id: 'fwd-b', outcomes: [{ kind: 'new' }] },
    ]);
  });
});
