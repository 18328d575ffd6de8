import { describe, expect, it } from 'vitest';
import type { ListStatus } from '../../shared/contract';
import { hasItems, staleLine, statusLines } from './listReport';

const base: ListStatus = {
  state: 'loaded',
  listedAt: 1_000_000,
  stale: false,
  reason: '',
  since: null,
  kubectl: 'kubectl get pods -A --context dev',
};

describe('the CLI words for a list', () => {
  it('a loaded list: nothing on stderr, its items printed', () => {
    expect(statusLines(base, 'pods')).toEqual([]);
    expect(hasItems(base)).toBe(true);
  });

  it('a list of some namespaces only: says so on stderr, as a comment, and stays a success', () => {
    const scoped: ListStatus = { ...base, scope: 'pods in payments (no cluster-wide access)' };
    expect(statusLines(scoped, 'pods')).toEqual(['# pods in payments (no cluster-wide access)']);
    expect(hasItems(scoped)).toBe(true);
  });

  it('refused or rejected: kubectl\'s words, and no items (never "No pods.")', () => {
    const forbidden: ListStatus = {
      ...base,
      state: 'forbidden',
      listedAt: null,
      reason: 'no permission to list pods',
      kubectlError: 'Error from server (Forbidden): pods is forbidden: …',
    };
    expect(statusLines(forbidden, 'pods')).toEqual(['Error from server (Forbidden): pods is forbidden: …']);
    expect(hasItems(forbidden)).toBe(false);
  });

  it("stale: kubectl's words, then the stale line; the kept items are still printed", () => {
    const stale: ListStatus = {
      ...base,
      state: 'unreachable',
      stale: true,
      since: 1_060_000,
      reason: 'connection refused',
      kubectlError:
        'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
    };
    const lines = statusLines(stale, 'pods', 1_120_000);
    expect(lines[0]).toMatch(/^The connection to the server/);
    expect(lines[1]).toBe(staleLine(stale, 1_120_000));
    expect(staleLine(stale, 1_120_000, (t) => `T${t / 1000}`)).toBe(
      '# stale: last listed 2 min ago — API unreachable since T1060 (connection refused)',
    );
    expect(hasItems(stale)).toBe(true);
  });
});
