import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeVectors, readVector, vectorPath } from '../../../../test/support/vectors';
import { formatTarget } from '../../domain/forward';
import { importKftray } from './kftray';
import type { ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';

const noEnv: ImportOptions = {};

// name target namespace local->remote context
const rows = (result: ImportResult): string[] =>
  result.forwards.map(
    (f) =>
      `${f.name} ${formatTarget(f.target)} ${f.namespace} ${String(f.localPort)}->${String(f.remotePort)} ${f.context}`,
  );

const UDP = 'UDP is not supported: kubectl port-forward carries TCP only';
const PROXY =
  "proxy forwards reach a host outside the cluster through kftray's relay pod, which Tether does not deploy";
const EXPOSE =
  "expose publishes a local port into the cluster (a reverse tunnel through kftray's relay pod); Tether only forwards from the cluster to this machine";

const TESTED = new Set<string>();
function importVector(file: string, options: ImportOptions = noEnv): ImportResult {
  TESTED.add(file);
  return importKftray(readVector('kftray', file), options);
}

describeVectors('kftray vectors (REPORT.md §2)', () => {
  it('examples-configs.json: 5 services, kubeconfig kept as a hint with one warning', () => {
    const result = importVector('examples-configs.json');
    expect(result.format).toBe('kftray');
    expect(rows(result)).toEqual([
      'argocd service/argocd-server argocd 16080->8080 kind-kftray-cluster',
      'grafana service/grafana monitoring 13080->3000 kind-kftray-cluster',
      'alertmanager service/prometheus-alertmanager monitoring 19093->9093 kind-kftray-cluster',
      'prometheus service/prometheus-server monitoring 19090->9090 kind-kftray-cluster',
      'jaeger service/jaeger-query observability 15090->16686 kind-kftray-cluster',
    ]);
    expect(
      result.forwards.every((f) => f.kubeconfigHint === '/Users/henrique/.kube/kind-config-kftray-cluster'),
    ).toBe(true);
    expect(result.warnings).toEqual([
      'kubeconfig "/Users/henrique/.kube/kind-config-kftray-cluster" is kept only as a hint: Tether looks up each entry\'s context in your own kubeconfig',
    ]);
    expect(result.errors).toEqual([]);
    expect(result.unsupported).toEqual([]);
  });

  it('examples-configs.json: entries whose context is missing from the kubeconfig are imported and marked, and map', () => {
    const strict = importVector('examples-configs.json', { knownContexts: ['kind-dev'] });
    expect(strict.errors).toEqual([]);
    expect(strict.forwards.map((f) => f.context)).toEqual(Array(5).fill('kind-kftray-cluster'));
    expect(strict.entries.map((e) => e.outcomes)).toEqual(
      Array(5).fill([{ kind: 'new' }, { kind: 'context-not-in-kubeconfig', context: 'kind-kftray-cluster' }]),
    );
    const mapped = importVector('examples-configs.json', {
      knownContexts: ['kind-dev'],
      contextMap: { 'kind-kftray-cluster': 'kind-dev' },
    });
    expect(mapped.forwards.map((f) => f.context)).toEqual(Array(5).fill('kind-dev'));
    expect(mapped.entries.every((e) => e.outcomes.length === 1)).toBe(true);
    expect(mapped.forwards.map((f) => f.id)).toEqual(strict.forwards.map((f) => f.id));
  });

  it('example-service-tcp.json: importable service', () => {
    const result = importVector('example-service-tcp.json');
    expect(rows(result)).toEqual(['my-api service/api-service production 8080->80 my-k8s-cluster']);
    expect(result.forwards[0]).toMatchObject({ bindAddress: '127.0.0.1', enabled: true, localPort: 8080 });
  });

  it('example-service-udp.json: UDP is unsupported', () => {
    const result = importVector('example-service-udp.json');
    expect(result.forwards).toEqual([]);
    expect(result.unsupported).toEqual([{ entry: 'dns-server', reason: UDP }]);
  });

  it('example-pod-tcp.json: label selector target', () => {
    const result = importVector('example-pod-tcp.json');
    expect(rows(result)).toEqual(['app-pod app=nginx,tier=frontend default 8080->80 my-k8s-cluster']);
    expect(result.forwards[0]?.target).toEqual({ kind: 'selector', selector: 'app=nginx,tier=frontend' });
  });

  it('example-pod-tcp-with-http-logs.json: http_logs_* ignored with a warning, not a failure', () => {
    const result = importVector('example-pod-tcp-with-http-logs.json');
    expect(rows(result)).toEqual(['api-debug app=backend,version=v2 staging 3000->8080 my-k8s-cluster']);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'HTTP traffic logging (http_logs_*) is not supported and was ignored for api-debug',
    ]);
  });

  it('example-proxy-tcp.json: proxy needs the relay ⇒ unsupported', () => {
    const result = importVector('example-proxy-tcp.json');
    expect(result.forwards).toEqual([]);
    expect(result.unsupported).toEqual([
      { entry: 'external-db', reason: `${PROXY} (postgresql.external.example.com)` },
    ]);
  });

  it('example-proxy-udp.json: relay and UDP, both reasons given', () => {
    const result = importVector('example-proxy-udp.json');
    expect(result.unsupported).toEqual([{ entry: 'dns-proxy', reason: `${PROXY} (8.8.8.8); ${UDP}` }]);
  });

  it('example-expose-public.json: reverse tunnel ⇒ unsupported (no remote_port, JSON-in-string annotations)', () => {
    const result = importVector('example-expose-public.json');
    expect(result.forwards).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.unsupported).toEqual([{ entry: 'myapp.example.com', reason: EXPOSE }]);
  });

  it('example-expose-internal.json: unsupported', () => {
    const result = importVector('example-expose-internal.json');
    expect(result.unsupported).toEqual([{ entry: 'internal-api', reason: EXPOSE }]);
    expect(result.errors).toEqual([]);
  });

  it('history-configs-2024-02.json: consul-ui imports, redis-gcp proxy/udp is unsupported', () => {
    const result = importVector('history-configs-2024-02.json');
    expect(rows(result)).toEqual(['consul-ui service/consul-ui consul 8500->8500 kind-7']);
    expect(result.unsupported).toEqual([
      { entry: 'redis-gcp', reason: `${PROXY} (redis-prod.gcp.internal); ${UDP}` },
    ]);
  });

  it('history-configs-2024-04-legacy-fields.json: both "argocd" aliases import, the second renamed', () => {
    const result = importVector('history-configs-2024-04-legacy-fields.json');
    expect(rows(result)).toEqual([
      'argocd service/argocd-server argocd 8888->8080 test-cluster',
      'argocd-2 service/backstage-ui backstage 8085->8080 test-cluster',
    ]);
    expect(result.forwards.map((f) => f.bindAddress)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(result.warnings).toEqual([
      'domain_enabled (a hosts-file alias) is not supported and was ignored for argocd (#1) and argocd (#2)',
      'Two entries are named "argocd": the later one was renamed "argocd-2"',
    ]);
    expect(result.errors).toEqual([]);
    expect(result.forwards[0]?.id).not.toBe(result.forwards[1]?.id);
  });

  it('history-configs-2024-08-minified.json: single line, duplicate alias across types', () => {
    TESTED.add('history-configs-2024-08-minified.json');
    const text = readVector('kftray', 'history-configs-2024-08-minified.json');
    expect(text.includes('\n')).toBe(false);
    const result = importKftray(text, noEnv);
    expect(rows(result)).toEqual([
      'argocd service/argocd-server argocd 8888->8080 test-cluster',
      'httpbin service/httpbin default 8081->8080 kind1',
      'argocd-2 app.kubernetes.io/component=server default 8181->8080 kind1',
    ]);
    expect(result.errors).toEqual([]);
  });

  it('history-configs-2024-09-tabs.json: tab-indented; 2 import, 2 proxies unsupported', () => {
    TESTED.add('history-configs-2024-09-tabs.json');
    const text = readVector('kftray', 'history-configs-2024-09-tabs.json');
    expect(text).toContain('\t{');
    const result = importKftray(text, noEnv);
    expect(rows(result)).toEqual([
      'service-tcp-8080 service/argocd-server argocd 8080->8080 kind',
      'pod-tcp-8083 app.kubernetes.io/component=server argocd 8083->8083 kind',
    ]);
    expect(result.unsupported).toEqual([
      { entry: 'proxy-udp-5353', reason: `${PROXY} (coredns.cluster.local.internal); ${UDP}` },
      { entry: 'proxy-tcp-6443', reason: `${PROXY} (test.homelab.cluster.internal)` },
    ]);
    expect(result.forwards.every((f) => f.kubeconfigHint === '/Users/henrique/.kube/config.bkp')).toBe(true);
    expect(result.warnings).toHaveLength(1);
  });

  it('fuzz-full_config.json: a bare object imports (id, empty remote_address ignored)', () => {
    const result = importVector('fuzz-full_config.json');
    expect(rows(result)).toEqual(['web service/nginx production 8080->80 minikube']);
    expect(result.forwards[0]?.id).toMatch(/^fwd-web-/);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('fuzz-minimal_config.json: no workload_type ⇒ invalid entry', () => {
    const result = importVector('fuzz-minimal_config.json');
    expect(result.forwards).toEqual([]);
    expect(result.errors).toEqual([{ entry: 'test', message: 'Workload type is required' }]);
  });

  it('fuzz-bool_string_true.json: unknown "is_running" ignored; still invalid for no workload_type', () => {
    const result = importVector('fuzz-bool_string_true.json');
    expect(result.errors).toEqual([{ entry: 'test', message: 'Workload type is required' }]);
    expect(result.warnings).toEqual([]);
  });
});

describeVectors('kftray vector coverage', () => {
  it('has a test case for every JSON file in vectors/kftray', () => {
    const files = readdirSync(vectorPath('kftray')).filter((f) => f.endsWith('.json'));
    expect(files.filter((f) => !TESTED.has(f))).toEqual([]);
  });
});

describe('kftray importer on hand-written files', () => {
  const one = (entry: Record<string, unknown>, options: ImportOptions = noEnv): ImportResult =>
    importKftray(JSON.stringify([entry]), options);
  const service = {
    alias: 'web',
    service: 'web',
    namespace: 'apps',
    context: 'kind',
    workload_type: 'service',
    remote_port: 80,
  };

  it('reports broken JSON and wrong shapes as file errors', () => {
    expect(importKftray('[{', noEnv).errors[0]?.message).toMatch(/^Not valid JSON/);
    expect(importKftray('"x"', noEnv).errors).toEqual([
      { entry: 'file', message: 'A kftray export is a list of configs (or one config), got "x"' },
    ]);
    expect(importKftray('[]', noEnv).warnings).toEqual(['The file holds no configs']);
    expect(importKftray('[1]', noEnv).errors).toEqual([
      { entry: 'entry', message: 'A config must be an object, got 1' },
    ]);
    expect(importKftray('\uFEFF[]', noEnv).errors).toEqual([]);
  });

  it('picks a free port when local_port is missing or 0', () => {
    expect(one(service).forwards[0]?.localPort).toBe('auto');
    expect(one({ ...service, local_port: 0 }).forwards[0]?.localPort).toBe('auto');
  });

  it('names alias-less configs as kftray does', () => {
    expect(one({ ...service, alias: undefined, local_port: 8080 }).forwards[0]?.name).toBe(
      'service-tcp-8080',
    );
    expect(one({ ...service, alias: '  ' }).forwards[0]?.name).toBe('web');
  });

  it('uses the current context for configs without one', () => {
    const result = one({ ...service, context: undefined }, { currentContext: 'minikube' });
    expect(result.forwards[0]?.context).toBe('minikube');
    expect(one({ ...service, context: undefined }).errors).toEqual([
      { entry: 'web', message: 'No context is given and the current kube context is not known' },
    ]);
  });

  it('accepts booleans written as strings and rejects other strings', () => {
    expect(one({ ...service, domain_enabled: 'false' }).errors).toEqual([]);
    expect(one({ ...service, domain_enabled: 'true' }).warnings[0]).toContain('domain_enabled');
    expect(one({ ...service, domain_enabled: 'yes' }).errors).toEqual([
      { entry: 'web', message: 'domain_enabled must be true or false, got "yes"' },
    ]);
  });

  it('keeps loopback bind addresses and replaces others with a warning', () => {
    expect(one({ ...service, local_address: '127.0.0.2' }).forwards[0]?.bindAddress).toBe('127.0.0.2');
    const wide = one({ ...service, local_address: '0.0.0.0' });
    expect(wide.forwards[0]?.bindAddress).toBe('127.0.0.1');
    expect(wide.forwards[0]?.allowNonLoopback).toBe(false);
    expect(wide.warnings).toEqual([
      'web: kftray bound it to 0.0.0.0; it was imported on 127.0.0.1 so it is not reachable from other machines (to keep 0.0.0.0, import again with --allow-non-loopback, or tick "Allow non-loopback bind" in the import view)',
    ]);
    const auto = one({ ...service, auto_loopback_address: true, local_address: '127.0.0.5' });
    expect(auto.forwards[0]?.bindAddress).toBe('127.0.0.1');
    expect(auto.warnings[0]).toContain('auto_loopback_address');
  });

  it('gives kftray’s messages for missing per-type fields', () => {
    const result = importKftray(
      JSON.stringify([
        { ...service, alias: 'a', service: '' },
        { ...service, alias: 'b', workload_type: 'pod', service: undefined },
        { ...service, alias: 'c', namespace: '' },
        { ...service, alias: 'd', workload_type: 'job' },
        { ...service, alias: 'e', remote_port: undefined },
        { ...service, alias: 'f', protocol: 'sctp' },
        { ...service, alias: 'g', workload_type: 'pod', target: 'app in (' },
        { ...service, alias: 'h', remote_port: 70000, local_port: -1 },
      ]),
      noEnv,
    );
    expect(result.forwards).toEqual([]);
    expect(result.errors).toEqual([
      { entry: 'a', message: 'Service name is required for service workload type' },
      { entry: 'b', message: 'Target (pod label selector) is required for pod workload type' },
      { entry: 'c', message: 'Namespace is required and cannot be empty' },
      { entry: 'd', message: "Invalid workload type: job. Must be 'service', 'pod', 'proxy', or 'expose'" },
      { entry: 'e', message: 'remote_port is required for service workload type' },
      { entry: 'f', message: 'protocol must be "tcp" or "udp", got "sctp"' },
      { entry: 'g', message: 'label selector "app in (": expected "," or ")" in the value list of "app"' },
      { entry: 'h', message: 'local_port must be a whole number from 0 to 65535, got -1' },
      { entry: 'h', message: 'remote_port must be a whole number from 0 to 65535, got 70000' },
    ]);
  });

  it('validates names kftray does not (Service names, namespaces)', () => {
    const result = one({ ...service, service: 'Web_UI' });
    expect(result.errors[0]?.message).toContain('Service name "Web_UI" is not a valid DNS-1035 label');
  });

  it('treats UDP case-insensitively and defaults a missing protocol to TCP', () => {
    expect(one({ ...service, protocol: 'UDP' }).unsupported).toHaveLength(1);
    expect(one({ ...service, protocol: undefined }).forwards).toHaveLength(1);
  });

  it('reports duplicate local ports across entries, naming both', () => {
    const result = importKftray(
      JSON.stringify([
        { ...service, alias: 'one', local_port: 9000 },
        { ...service, alias: 'two', service: 'other', local_port: 9000 },
      ]),
      noEnv,
    );
    expect(result.forwards.map((f) => f.name)).toEqual(['one']);
    expect(result.errors).toEqual([
      { entry: 'two', message: 'Local port 9000 is also used by "one" in this file; only "one" keeps it' },
    ]);
  });

  it('drops the "default" kubeconfig marker without a hint', () => {
    const result = one({ ...service, kubeconfig: 'default' });
    expect(result.forwards[0]?.kubeconfigHint).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });
});
