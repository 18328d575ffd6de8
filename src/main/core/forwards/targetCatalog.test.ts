import { describe, expect, it } from 'vitest';
import { deploymentTargets, podTargets, serviceTargets } from './targetCatalog';

const meta = (name: string, extra: object = {}) => ({ metadata: { name, namespace: 'ns', ...extra } });

const readyPod = (name: string) => ({
  ...meta(name),
  spec: {
    containers: [
      { name: 'app', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] },
      { name: 'sidecar', ports: [{ containerPort: 9090 }, { name: 'http', containerPort: 8080 }] },
    ],
  },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

describe('target catalog mapping', () => {
  it('a Service offers its service ports, named ones with their names', () => {
    const svc = {
      ...meta('web'),
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
          { port: 9000, targetPort: 'metrics' },
          { name: 'broken', port: 'x' },
        ],
      },
    };
    expect(serviceTargets([svc])).toEqual([
      {
        kind: 'service',
        name: 'web',
        ports: [{ port: 80, name: 'http', protocol: 'TCP' }, { port: 9000 }],
      },
    ]);
  });

  it("a Deployment offers its pod template's container ports, each once", () => {
    const deploy = { ...meta('api'), spec: { template: { spec: readyPod('x').spec } } };
    expect(deploymentTargets([deploy])).toEqual([
      {
        kind: 'deployment',
        name: 'api',
        ports: [{ port: 8080, name: 'http', protocol: 'TCP' }, { port: 9090 }],
      },
    ]);
  });

  it('pods: finished and terminating ones left out, serving ones first', () => {
    const pending = { ...meta('starting'), spec: { containers: [] }, status: { phase: 'Pending' } };
    const done = { ...meta('job'), spec: { containers: [] }, status: { phase: 'Succeeded' } };
    const failed = { ...meta('oops'), spec: { containers: [] }, status: { phase: 'Failed' } };
    const leaving = {
      ...readyPod('old'),
      metadata: { name: 'old', deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    const targets = podTargets([pending, done, readyPod('web-1'), failed, leaving]);
    expect(targets.map((t) => t.name)).toEqual(['web-1', 'starting']);
    expect(targets[0]!.ports).toEqual([{ port: 8080, name: 'http', protocol: 'TCP' }, { port: 9090 }]);
    expect(targets[1]!.ports).toEqual([]);
  });

  it('objects without spec or ports give targets with no ports, never a throw', () => {
    expect(serviceTargets([meta('bare')])).toEqual([{ kind: 'service', name: 'bare', ports: [] }]);
    expect(deploymentTargets([{}])).toEqual([{ kind: 'deployment', name: '', ports: [] }]);
  });
});
