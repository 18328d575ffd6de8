import { describe, expect, it } from 'vitest';
import { addFailure, objectKey, vanishedKeys, watchStep } from './watchRules';

describe('watch rules', () => {
  it('objectKey: namespace/name, or the name alone for a cluster-scoped object', () => {
    expect(objectKey({ metadata: { namespace: 'ns', name: 'a' } })).toBe('ns/a');
    expect(objectKey({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(objectKey({})).toBe('');
  });

  it('vanishedKeys: what the fresh list no longer has, nothing else', () => {
    const after = new Map([
      ['ns/b', 1],
      ['ns/d', 1],
    ]);
    expect(vanishedKeys(['ns/a', 'ns/b', 'ns/c'], after)).toEqual(['ns/a', 'ns/c']);
    expect(vanishedKeys([], after)).toEqual([]);
  });

  it('watchStep: 410 relists, other errors retry, bookmarks only move the version', () => {
    expect(watchStep({ type: 'ERROR', object: { code: 410 } })).toEqual({ kind: 'relist' });
    expect(watchStep({ type: 'ERROR', object: { code: 500, message: 'busy' } })).toEqual({
      kind: 'error',
      code: 500,
      message: 'busy',
    });
    expect(watchStep({ type: 'ERROR', object: {} })).toMatchObject({ kind: 'error', code: 500 });
    expect(watchStep({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } })).toEqual({
      kind: 'bookmark',
      resourceVersion: '9',
    });
    expect(watchStep({ type: 'ADDED' })).toEqual({ kind: 'ignore' });
  });

  it('watchStep: DELETED is a delete by key; ADDED and MODIFIED are upserts', () => {
    const obj = { metadata: { namespace: 'ns', name: 'a', resourceVersion: '3' } };
    expect(watchStep({ type: 'DELETED', object: obj })).toEqual({
      kind: 'delete',
      key: 'ns/a',
      resourceVersion: '3',
    });
    for (const type of ['ADDED', 'MODIFIED'])
      expect(watchStep({ type, object: obj })).toEqual({
        kind: 'upsert',
        key: 'ns/a',
        resourceVersion: '3',
        object: obj,
      });
  });

  it('addFailure: a run starts at its first failure and counts each one', () => {
    const first = addFailure(undefined, 100);
    expect(first).toEqual({ since: 100, attempts: 1 });
    expect(addFailure(addFailure(first, 200), 300)).toEqual({ since: 100, attempts: 3 });
  });
});
