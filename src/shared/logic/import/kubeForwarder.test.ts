import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeVectors, readVector, vectorPath } from '../../../../test/support/vectors';
import { formatTarget } from '../../domain/forward';
import { importKubeForwarder } from './kubeForwarder';
import type { ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';

const noEnv: ImportOptions = {};
const rows = (result: ImportResult): string[] =>
  result.forwards.map(
    (f) =>
      `${f.name} ${formatTarget(f.target)} ${f.namespace} ${String(f.localPort)}->${String(f.remotePort)} ${f.context}`,
  );

const NAV = 'dev-fss \u2014 nais-user';
const V2 = 'v2-navikt-medlemskap-oppslag.kpf-export.v2.json';
const V1 = 'v1-demo-cluster-Pixel-Point.kpf-export.json';

describeVectors('Kube Forwarder vectors (REPORT.md §3)', () => {
  it('v2: minified UTF-8 with an em dash; without a config the entries keep the cluster name as context until mapped', () => {
    const text = readVector('kube-forwarder', V2);
    expect(text.length).toBe(601);
    expect(new TextEncoder().encode(text).length).toBe(603);
    expect(text.endsWith('}')).toBe(true);
    const result = importKubeForwarder(text, { knownContexts: ['dev-fss', 'prod-fss'] });
    expect(result.format).toBe('kube-forwarder');
    expect(rows(result)).toEqual([
      `testnorge-hodejegeren service/testnorge-hodejegeren default 8081->80 ${NAV}`,
      `medlemskap-oppslag service/medlemskap-oppslag default 8080->80 ${NAV}`,
      `testnorge-medl service/testnorge-medl default 8082->80 ${NAV}`,
    ]);
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => e.outcomes)).toEqual(
      Array(3).fill([{ kind: 'new' }, { kind: 'context-not-in-kubeconfig', context: NAV }]),
    );
    expect(result.warnings).toEqual([
      `Cluster "${NAV}" was exported without a kubeconfig context: its 3 services keep "${NAV}" as their context and cannot start until you map it to one of your contexts`,
    ]);
  });

  it('v2: mapped to a local context, the 3 services import', () => {
    const result = importKubeForwarder(readVector('kube-forwarder', V2), {
      contextMap: { [NAV]: 'dev-fss' },
      knownContexts: ['dev-fss', 'prod-fss'],
    });
    expect(rows(result)).toEqual([
      'testnorge-hodejegeren service/testnorge-hodejegeren default 8081->80 dev-fss',
      'medlemskap-oppslag service/medlemskap-oppslag default 8080->80 dev-fss',
      'testnorge-medl service/testnorge-medl default 8082->80 dev-fss',
    ]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    // The ids derive from the cluster name, so mapping later lands on the same forwards.
    const unmapped = importKubeForwarder(readVector('kube-forwarder', V2), noEnv);
    expect(result.forwards.map((f) => f.id)).toEqual(unmapped.forwards.map((f) => f.id));
  });

  it('v1 legacy: read with a warning; duplicate local port 3006 is a conflict naming both', () => {
    const result = importKubeForwarder(readVector('kube-forwarder', V1), {
      contextMap: { 'Pixel Point': 'pixel' },
    });
    expect(rows(result)).toEqual([
      'longhorn-ui deployment/longhorn-ui longhorn-0thq3 3010->8000 pixel',
      'elasticsearch deployment/elasticsearch elk 9200->9200 pixel',
      'grafana deployment/grafana monitoring 3005->3000 pixel',
      'prometheus deployment/prometheus monitoring 3006->9090 pixel',
      'postgres deployment/postgres pixelpoint-site 8432->5432 pixel',
    ]);
    expect(result.errors).toEqual([
      {
        entry: 'kibana',
        message: 'Local port 3006 is also used by "prometheus" in this file; only "prometheus" keeps it',
      },
    ]);
    expect(result.warnings).toEqual([
      'This is a legacy version 1 export (Kube Forwarder itself no longer imports these); read as version 2',
    ]);
  });

  it('v1 legacy: the placeholder config gives no context; the conflict shows even before mapping', () => {
    const result = importKubeForwarder(readVector('kube-forwarder', V1), noEnv);
    expect(result.forwards.map((f) => f.context)).toEqual(Array(5).fill('Pixel Point'));
    expect(result.errors).toEqual([
      {
        entry: 'kibana',
        message: 'Local port 3006 is also used by "prometheus" in this file; only "prometheus" keeps it',
      },
    ]);
    expect(result.warnings).toContain(
      'Cluster "Pixel Point" was exported without a kubeconfig context: its 6 services keep "Pixel Point" as their context and cannot start until you map it to one of your contexts',
    );
  });
});

describeVectors('Kube Forwarder vector coverage', () => {
  it('has a test case for every JSON file in vectors/kube-forwarder', () => {
    const files = readdirSync(vectorPath('kube-forwarder')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual([V1, V2].sort());
  });
});

describe('Kube Forwarder importer on hand-written files', () => {
  const cluster = (extra: Record<string, unknown>, services: unknown[]): string =>
    JSON.stringify({ version: 2, clusters: [{ name: 'lab', ...extra, _services: services }] });
  const svc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    namespace: 'apps',
    workloadType: 'service',
    workloadName: 'web',
    forwards: [{ id: 'u1', localPort: 8080, remotePort: 80 }],
    ...over,
  });

  it('takes the context from an exported config, and says the kubeconfig is not imported', () => {
    const result = importKubeForwarder(
      cluster(
        { config: { storingMethod: 'content', content: 'apiVersion: v1', currentContext: 'lab-admin' } },
        [svc()],
      ),
      noEnv,
    );
    expect(rows(result)).toEqual(['web service/web apps 8080->80 lab-admin']);
    expect(result.warnings).toEqual([
      'Cluster "lab": its exported kubeconfig is not imported (it may hold credentials); its context "lab-admin" must exist in your kubeconfig',
    ]);
  });

  it('reads current-context from exported kubeconfig text (v2 content or v1 string)', () => {
    const kubeconfig = 'apiVersion: v1\nkind: Config\ncurrent-context: kind-lab\ncontexts: []\n';
    const v2 = importKubeForwarder(
      cluster({ config: { storingMethod: 'content', content: kubeconfig } }, [svc()]),
      noEnv,
    );
    expect(v2.forwards[0]?.context).toBe('kind-lab');
    const v1 = importKubeForwarder(
      JSON.stringify({ _clusters: [{ name: 'lab', config: kubeconfig, _services: [svc()] }] }),
      noEnv,
    );
    expect(v1.forwards[0]?.context).toBe('kind-lab');
    const broken = importKubeForwarder(cluster({ config: { content: 'a: [' } }, [svc()]), noEnv);
    expect(broken.errors).toEqual([]);
    expect(broken.forwards[0]?.context).toBe('lab');
    expect(broken.warnings[0]).toContain('cannot start until you map it');
  });

  it('prefers the caller’s mapping over the exported context', () => {
    const result = importKubeForwarder(cluster({ config: { currentContext: 'theirs' } }, [svc()]), {
      contextMap: { lab: 'mine' },
    });
    expect(result.forwards[0]?.context).toBe('mine');
  });

  it('imports every forward of a service, named by remote port', () => {
    const result = importKubeForwarder(
      cluster({ config: { currentContext: 'c' } }, [
        svc({
          alias: 'API',
          forwards: [
            { id: 'a', localPort: 0, remotePort: 80 },
            { id: 'b', localPort: 9443, remotePort: 443 },
          ],
        }),
      ]),
      noEnv,
    );
    expect(rows(result)).toEqual([
      'API-80 service/web apps auto->80 c',
      'API-443 service/web apps 9443->443 c',
    ]);
  });

  it('reports each broken service or forward by name', () => {
    const result = importKubeForwarder(
      cluster({ config: { currentContext: 'c' } }, [
        svc({ workloadName: 'a', workloadType: 'statefulset' }),
        svc({ workloadName: 'b', forwards: [] }),
        svc({ workloadName: 'c', namespace: '' }),
        svc({ workloadName: 'd', forwards: [{ id: 'x', localPort: 1 }] }),
        svc({ workloadName: 'e', forwards: ['x'] }),
        'not a service',
        svc({
          workloadName: 'f',
          localAddress: '0.0.0.0',
          forwards: [{ id: 'y', localPort: 2, remotePort: 3 }],
        }),
      ]),
      noEnv,
    );
    expect(result.errors).toEqual([
      { entry: 'b', message: 'Service "b" in cluster "lab" has no forwards (at least one is required)' },
      { entry: 'lab / _services[5]', message: 'A service must be an object, got "not a service"' },
      { entry: 'a', message: 'workloadType must be pod, deployment or service, got "statefulset"' },
      { entry: 'c', message: 'namespace is required (cluster "lab")' },
      { entry: 'd', message: 'remotePort is required' },
      { entry: 'e', message: 'A forward must be an object, got "x"' },
    ]);
    expect(rows(result)).toEqual(['f service/f apps 2->3 c']);
    expect(result.forwards[0]?.bindAddress).toBe('127.0.0.1');
    expect(result.warnings).toContain(
      'f: Kube Forwarder bound it to 0.0.0.0; it was imported on 127.0.0.1 so it is not reachable from other machines (to keep 0.0.0.0, import again with --allow-non-loopback, or tick "Allow non-loopback bind" in the import view)',
    );
  });

  it('rejects other versions and shapes at file level', () => {
    expect(importKubeForwarder(JSON.stringify({ version: 3, clusters: [] }), noEnv).errors).toEqual([
      {
        entry: 'file',
        message:
          'Kube Forwarder export version 3 is not supported (Tether reads version 2 and legacy version 1)',
      },
    ]);
    expect(importKubeForwarder('{}', noEnv).errors[0]?.message).toContain('version 1 is not supported');
    expect(
      importKubeForwarder(JSON.stringify({ version: 2, clusters: [] }), noEnv).errors[0]?.message,
    ).toContain('holds no clusters');
    expect(importKubeForwarder('[]', noEnv).errors[0]?.message).toContain('is an object with "clusters"');
    expect(importKubeForwarder('{', noEnv).errors[0]?.message).toMatch(/^Not valid JSON/);
    expect(
      importKubeForwarder(JSON.stringify({ version: 2, clusters: [1, { name: 'x' }] }), noEnv).errors,
    ).toEqual([
      { entry: 'clusters[0]', message: 'clusters[0] must be an object, got 1' },
      { entry: 'x', message: 'Cluster "x" has no "_services" list' },
    ]);
  });
});
