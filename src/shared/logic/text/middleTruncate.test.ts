import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, middleTruncate } from './middleTruncate';

describe('middleTruncate', () => {
  it('keeps the suffix that tells two contexts apart', () => {
    expect(middleTruncate('tether-demo-healthy-badtoken', 22)).toBe('tether-demo-…-badtoken');
    expect(middleTruncate('tether-demo-healthy-restricted', 22)).toBe('tether-dem…-restricted');
    expect(middleTruncate('tether-demo-healthy-badtoken', 26)).toBe('tether-demo-heal…-badtoken');
  });

  it('keeps an EKS cluster name after the ARN’s last slash', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    expect(middleTruncate(arn, 20)).toBe('arn:aws:eks:eu…/prod');
    // A cluster name too long for the room falls back to its last word.
    expect(middleTruncate('arn:aws:eks:eu-west-1:123456789012:cluster/payments-staging', 20)).toBe(
      'arn:aws:eks…-staging',
    );
  });

  it('keeps a GKE cluster name after the last underscore', () => {
    expect(middleTruncate('gke_my-project_europe-west1-b_prod-cluster', 24)).toBe('gke_my-pro…_prod-cluster');
  });

  it('cuts a name without separators evenly', () => {
    expect(middleTruncate('abcdefghijklmnopqrstuvwxyz', 11)).toBe('abcde…vwxyz');
  });

  it('returns text that fits unchanged, and handles tiny limits', () => {
    expect(middleTruncate('kind-dev', 8)).toBe('kind-dev');
    expect(middleTruncate('kind-dev', 4)).toBe('kin…');
    expect(middleTruncate('kind-dev', 0)).toBe('');
  });

  it('never exceeds the limit, and keeps a prefix and a suffix of the text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '-', '_', '/', ':', '.'), maxLength: 80 }),
        fc.integer({ min: 0, max: 90 }),
        (text, max) => {
          const out = middleTruncate(text, max);
          expect(out.length).toBeLessThanOrEqual(Math.max(0, max));
          if (text.length <= max) {
            expect(out).toBe(text);
            return;
          }
          if (max < 1) return;
          const cut = out.indexOf(ELLIPSIS);
          expect(cut).toBeGreaterThanOrEqual(0);
          expect(text.startsWith(out.slice(0, cut))).toBe(true);
          expect(text.endsWith(out.slice(cut + 1))).toBe(true);
          // Every character the limit allows is used.
          expect(out.length).toBe(max);
        },
      ),
    );
  });
});
