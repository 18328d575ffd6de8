import { describe, expect, it } from 'vitest';
import { validateForwardSpec } from '../../../shared/domain/forward';
import { MASKED } from '../../../shared/logic/forwards/headerMask';
import { forwardStatus, type ForwardView } from './forwardStatus';
import { initialRules, type RulesState } from './rules/rulesState';

const v = validateForwardSpec({
  name: 'api',
  context: 'dev',
  target: 'svc/api',
  remotePort: 80,
  probe: { type: 'http', headers: { Authorization: 'Bearer s3cr3t' } },
});
if (!v.ok) throw new Error('fixture invalid');
const spec = v.spec;
const view: ForwardView = {
  since: 5,
  localPort: null,
  tunnel: undefined,
  lastProbeAt: null,
  traffic: undefined,
  lastConnectionError: null,
};

describe('forwardStatus', () => {
  it('never shows a probe header value or a credential in the reason', () => {
    const rules: RulesState = {
      ...initialRules(),
      state: 'Reconnecting',
      reason: 'kubectl exited: error: Authorization: Bearer eyJhbGciOi.s3cr3tpart.sig refused',
    };
    const s = forwardStatus(spec, rules, view);
    expect(s.spec.probe).toMatchObject({ headers: { Authorization: MASKED } });
    expect(JSON.stringify(s)).not.toContain('s3cr3t');
    expect(s.reason).toContain('kubectl exited');
  });

  it("the last refused connection's text and time, with any credential in it masked", () => {
    const s = forwardStatus(
      spec,
      { ...initialRules(), state: 'Active' },
      {
        ...view,
        lastConnectionError: {
          message:
            'error forwarding port 80: Authorization: Bearer eyJhbGciOi.s3cr3tpart.sig: connection refused',
          at: 42,
        },
      },
    );
    expect(s.lastConnectionError?.at).toBe(42);
    expect(s.lastConnectionError?.message).toMatch(/^error forwarding port 80: .*connection refused$/);
    expect(JSON.stringify(s)).not.toContain('s3cr3t');
    expect(forwardStatus(spec, initialRules(), view).lastConnectionError).toBeNull();
  });

  it('why better protocols were passed over, with any credential in it masked; null without a tunnel', () => {
    const s = forwardStatus(
      spec,
      { ...initialRules(), state: 'Active' },
      {
        ...view,
        tunnel: {
          pod: 'api-0',
          dialer: { protocol: 'spdy' },
          passedOver:
            'pods "api-0" is forbidden: User "system:serviceaccount:dev:bot" cannot get resource "pods/portforward" (403) Authorization: Bearer eyJhbGciOi.s3cr3tpart.sig',
        },
      },
    );
    expect(s.protocolNote).toMatch(/cannot get resource "pods\/portforward" \(403\)/);
    expect(JSON.stringify(s)).not.toContain('s3cr3t');
    expect(forwardStatus(spec, initialRules(), view).protocolNote).toBeNull();
  });

  it("a running forward: its port, the tunnel's pod and protocol, the listener's counters", () => {
    const traffic = { bytesIn: 1, bytesOut: 2, openConnections: 1, totalConnections: 3, heldConnections: 0 };
    const s = forwardStatus(
      spec,
      { ...initialRules(), state: 'Active' },
      {
        ...view,
        localPort: 8080,
        tunnel: { pod: 'api-1', dialer: { protocol: 'spdy' } },
        traffic,
        lastProbeAt: 9,
      },
    );
    expect(s).toMatchObject({
      state: 'Active',
      since: 5,
      localPort: 8080,
      pod: 'api-1',
      protocol: 'spdy',
      lastProbeAt: 9,
      traffic,
    });
  });

  it('never started: no pod, no protocol, zero traffic, no attempt', () => {
    expect(forwardStatus(spec, initialRules(), view)).toMatchObject({
      state: 'Stopped',
      pod: null,
      protocol: null,
      attempt: 0,
      traffic: { bytesIn: 0, bytesOut: 0, openConnections: 0, totalConnections: 0, heldConnections: 0 },
    });
  });

  it('retrying a dead tunnel shows which attempt comes, never past the policy', () => {
    const rules: RulesState = {
      ...initialRules(),
      state: 'Reconnecting',
      problem: 'tunnel-dead',
      failures: 9,
    };
    expect(forwardStatus(spec, rules, view).attempt).toBe(spec.restart.maxAttempts);
    expect(forwardStatus(spec, { ...rules, failures: 2 }, view).attempt).toBe(2);
  });
});
