import { describe, expect, it } from 'vitest';
import { ConnectivityStateSchema, type ClusterSummary } from '../../domain/health';
import { connectivityWords, formatDuration, listStatusLine, outageLine } from './words';

const clock = (t: number) => `T${t / 1000}`;

describe('connectivityWords', () => {
  it('no raw enum reaches a user', () => {
    for (const c of ConnectivityStateSchema.options) {
      const words = connectivityWords(c);
      expect(words).not.toMatch(/-/);
      expect(words.length).toBeGreaterThan(0);
    }
    expect(connectivityWords('forbidden-partially')).toBe('limited access');
    expect(connectivityWords('credentials-rejected')).toBe('credentials rejected');
  });
});

describe('formatDuration', () => {
  it('short and whole', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(125_000)).toBe('2 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 5 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });
});

describe('outageLine', () => {
  const down: Pick<ClusterSummary, 'state' | 'reasons'> = {
    state: 'Unhealthy',
    reasons: [
      {
        code: 'api-unreachable',
        severity: 'critical',
        message: 'API unreachable for 21 checks',
        detail: 'connection refused: the API server is not listening (is the cluster stopped?)',
        since: 100_000,
      },
    ],
  };

  it('says since when and why, in words', () => {
    expect(outageLine(down, 220_000, clock)).toBe(
      'Unreachable since T100 (2 min) — connection refused: the API server is not listening (is the cluster stopped?)',
    );
  });

  it('credentials rejected is its own outage; pod trouble is not an outage', () => {
    const creds: Pick<ClusterSummary, 'state' | 'reasons'> = {
      state: 'Unhealthy',
      reasons: [
        {
          code: 'credentials-rejected',
          severity: 'critical',
          message: 'credentials rejected (401)',
          since: 0,
        },
      ],
    };
    expect(outageLine(creds, 30_000, clock)).toBe(
      'Credentials rejected since T0 (30 s) — credentials rejected (401)',
    );
    expect(
      outageLine(
        {
          state: 'Unhealthy',
          reasons: [{ code: 'nodes-not-ready', severity: 'critical', message: '3 of 3 nodes NotReady' }],
        },
        0,
        clock,
      ),
    ).toBeNull();
    expect(outageLine({ state: 'Healthy', reasons: [] }, 0, clock)).toBeNull();
  });
});

describe('listStatusLine', () => {
  const status = {
    listedAt: 60_000,
    stale: true,
    reason: 'connection refused: is the cluster stopped?',
    since: 90_000,
    kubectl: 'kubectl get pods -A --context dev',
  };

  it('a stale list says from when, and since when the API is gone and why', () => {
    expect(listStatusLine({ ...status, state: 'unreachable' }, 'pods', clock)).toBe(
      'Showing data from T60 — API unreachable since T90 (connection refused: is the cluster stopped?)',
    );
  });

  it('a list that never loaded says it could not be listed; loaded says nothing', () => {
    expect(
      listStatusLine({ ...status, state: 'unauthorized', stale: false, listedAt: null }, 'pods', clock),
    ).toBe(
      'Credentials rejected since T90 (connection refused: is the cluster stopped?): pods could not be listed.',
    );
    expect(
      listStatusLine(
        { ...status, state: 'forbidden', stale: false, reason: 'no permission to list pods' },
        'pods',
        clock,
      ),
    ).toBe('Refused by the API server (403): no permission to list pods.');
    expect(listStatusLine({ ...status, state: 'loaded', stale: false }, 'pods', clock)).toBeNull();
  });
});
