import { describe, expect, it } from 'vitest';
import type { ImportEntry } from '../../../shared/domain/importResult';
import { importChoices, outcomeWords } from './importPreview';

const entries: ImportEntry[] = [
  {
    entry: 'api',
    id: 'fwd-api',
    outcomes: [
      { kind: 'replaces', id: 'fwd-api' },
      { kind: 'context-not-in-kubeconfig', context: 'kind-dev' },
      { kind: 'variables-to-approve', names: ['TOKEN', 'ORG'], approved: ['ORG'] },
    ],
  },
  {
    entry: 'db',
    id: 'fwd-db',
    outcomes: [{ kind: 'new' }, { kind: 'bind-downgraded', from: '0.0.0.0', to: '127.0.0.1' }],
  },
];

describe('importChoices', () => {
  it('gathers unknown contexts, variables, downgraded binds and replaced ids once each', () => {
    expect(importChoices(entries)).toEqual({
      contexts: ['kind-dev'],
      variables: ['TOKEN', 'ORG'],
      downgraded: ['db'],
      replaces: ['fwd-api'],
    });
  });

  it('keeps the controls of an earlier preview once their outcome is gone (mapped, allowed)', () => {
    const first = importChoices(entries);
    const after = importChoices([{ entry: 'db', id: 'fwd-db', outcomes: [{ kind: 'new' }] }], first);
    expect(after).toEqual({
      contexts: ['kind-dev'],
      variables: ['TOKEN', 'ORG'],
      downgraded: ['db'],
      replaces: [],
    });
  });
});

describe('outcomeWords', () => {
  const stored = (id: string) =>
    ({
      'fwd-api': { name: 'api', running: false, contextMissing: false },
      'fwd-run': { name: 'run', running: true, contextMissing: false },
      'fwd-far': { name: 'far', running: false, contextMissing: true },
    })[id];

  it('names the forward an entry replaces, says a running one is not replaced, and a remap', () => {
    expect(outcomeWords({ kind: 'replaces', id: 'fwd-api' }, stored)).toBe('replaces "api"');
    expect(outcomeWords({ kind: 'replaces', id: 'fwd-run' }, stored)).toBe(
      'replaces "run", which is running: stop it first to replace it',
    );
    expect(outcomeWords({ kind: 'replaces', id: 'fwd-far' }, stored)).toBe('remaps "far"');
    expect(outcomeWords({ kind: 'replaces', id: 'fwd-gone' }, stored)).toBe('replaces fwd-gone');
  });

  it('says which variables are used and whether they are approved', () => {
    expect(outcomeWords({ kind: 'variables-to-approve', names: ['A', 'B'], approved: ['B'] }, stored)).toBe(
      'probe headers use ${A}, ${B}: not approved',
    );
    expect(outcomeWords({ kind: 'variables-to-approve', names: ['B'], approved: ['B'] }, stored)).toBe(
      'probe headers use ${B}: approved',
    );
  });

  it('says a missing context and a downgraded bind plainly', () => {
    expect(outcomeWords({ kind: 'context-not-in-kubeconfig', context: 'x' }, stored)).toBe(
      'context "x" is not in your kubeconfig: cannot start until mapped',
    );
    expect(outcomeWords({ kind: 'bind-downgraded', from: '0.0.0.0', to: '127.0.0.1' }, stored)).toBe(
      'bind 0.0.0.0 → 127.0.0.1',
    );
  });
});
