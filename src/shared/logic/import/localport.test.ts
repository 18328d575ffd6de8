import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeVectors, readVector, vectorPath } from '../../../../test/support/vectors';
import { formatTarget } from '../../domain/forward';
import type { ForwardSpec } from '../../domain/forward';
import { resolveHealthConfig } from '../health/config';
import { expandEnv } from './envExpand';
import { importLocalPort } from './localport';
import type { ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';

const noEnv: ImportOptions = {};

function byName(result: ImportResult): Record<string, ForwardSpec> {
  return Object.fromEntries(result.forwards.map((f) => [f.name, f]));
}

function get(result: ImportResult, name: string): ForwardSpec {
  const found = result.forwards.find((f) => f.name === name);
  if (!found) throw new Error(`no forward named ${name}`);
  return found;
}

const names = (result: ImportResult): string[] => result.forwards.map((f) => f.name);
const sshReason = 'SSH tunnels are not supported: Tether only forwards to Kubernetes workloads';
const unsetWarning = (name: string): string =>
  `Environment variable ${name} has no default in the file: "\${${name}}" was kept as written`;

const TESTED = new Set<string>();
function vector(file: string): string {
  TESTED.add(file);
  return readVector('localport', file);
}

describeVectors('LocalPort vectors (REPORT.md §1)', () => {
  it('fixture-localport.yaml: 4 kubectl services import, 2 ssh are unsupported', () => {
    const text = vector('fixture-localport.yaml');
    const result = importLocalPort(text, noEnv);
    expect(result.format).toBe('localport');
    expect(names(result)).toEqual(['postgres', 'kafka', 'api', 'prometheus']);
    expect(result.unsupported).toEqual([
      { entry: 'redis', reason: sshReason },
      { entry: 'dev-postgres', reason: sshReason },
    ]);
    expect(result.errors).toEqual([]);

    const f = byName(result);
    expect(result.forwards.filter((x) => !x.enabled).map((x) => x.name)).toEqual(['prometheus']);
    expect(f['api']).toMatchObject({
      target: { kind: 'deployment', name: 'api-server' },
      context: 'minikube', // ${KUBE_CONTEXT:minikube}
      localPort: 8080,
      remotePort: 80,
      namespace: 'default',
      tags: ['web', 'api'],
      description: 'Main API server',
    });
    expect([...new Set(result.forwards.map((x) => x.context))]).toEqual(['minikube']);

    // health types tcp/http/postgres/kafka: http maps to http, the rest to tcp (flagged)
    expect(f['api']?.probe).toEqual({
      type: 'http',
      path: '/health',
      scheme: 'http',
      expectedStatus: 200,
      headers: { 'User-Agent': 'LocalPort-HealthCheck/1.0' },
      intervalMs: 15_000,
      timeoutMs: 5_000,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(f['postgres']?.probe).toEqual({
      type: 'tcp',
      intervalMs: 30_000,
      timeoutMs: 10_000,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(f['kafka']?.probe.type).toBe('tcp');
    expect(f['prometheus']?.probe).toMatchObject({ type: 'http', path: '/-/healthy' });
    expect(result.warnings).toContain(
      '"postgres" health checks have no Tether equivalent and became TCP probes: postgres',
    );
    expect(result.warnings).toContain(
      '"kafka" health checks have no Tether equivalent and became TCP probes: kafka',
    );

    // restart_policy, seconds to ms
    expect(f['postgres']?.restart).toEqual({
      enabled: true,
      maxAttempts: 3,
      multiplier: 2,
      initialDelayMs: 2_000,
      maxDelayMs: 60_000,
    });
    expect(f['kafka']?.restart).toMatchObject({
      multiplier: 1.5,
      initialDelayMs: 5_000,
      maxDelayMs: 120_000,
    });
    // `restart_policy: {enabled: false}` keeps the defaults block's other values
    expect(f['prometheus']?.restart).toEqual({
      enabled: false,
      maxAttempts: 5,
      multiplier: 2,
      initialDelayMs: 1_000,
      maxDelayMs: 300_000,
    });

    // unset ${DEV_DB_PASSWORD} stays literal (in an ssh entry, so only the text and the warning show it)
    expect(expandEnv(text, {}).text).toContain('password: ${DEV_DB_PASSWORD}');
    expect(result.warnings).toContain(unsetWarning('DEV_DB_PASSWORD'));
    expect(result.clusterHealth).toBeUndefined();
  });

  it('fixture-localport.yaml: the default written in the file is used, never the environment', () => {
    process.env['KUBE_CONTEXT'] = 'kind-work';
    const result = importLocalPort(vector('fixture-localport.yaml'), {});
    delete process.env['KUBE_CONTEXT'];
    expect(get(result, 'api').context).not.toBe('kind-work');
    expect(get(result, 'postgres').context).toBe('minikube');
  });

  it('fixture-minimal.yaml: defaults service, current context, enabled; ssh unsupported', () => {
    const result = importLocalPort(vector('fixture-minimal.yaml'), {
      currentContext: 'docker-desktop',
    });
    expect(result.forwards).toHaveLength(1);
    expect(result.forwards[0]).toMatchObject({
      name: 'postgres',
      target: { kind: 'service', name: 'postgres' },
      context: 'docker-desktop',
      namespace: 'default',
      enabled: true,
      localPort: 5432,
      remotePort: 5432,
      // no health_check and no defaults: Tether's default TCP probe
      probe: { type: 'tcp', intervalMs: 30_000, timeoutMs: 5_000 },
    });
    expect(result.unsupported).toEqual([{ entry: 'redis', reason: sshReason }]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      '1 entry names no context and was bound to the current context "docker-desktop"',
    ]);
  });

  it('fixture-minimal.yaml: without a current context the context-less entry is an error, not dropped', () => {
    const result = importLocalPort(vector('fixture-minimal.yaml'), noEnv);
    expect(result.forwards).toEqual([]);
    expect(result.errors).toEqual([
      { entry: 'postgres', message: 'No context is given and the current kube context is not known' },
    ]);
    expect(result.unsupported).toHaveLength(1);
  });

  it('test-cluster-health-config.yaml: services and the cluster health settings', () => {
    const result = importLocalPort(vector('test-cluster-health-config.yaml'), noEnv);
    expect(result.errors).toEqual([]);
    expect(
      result.forwards.map((f) => [f.name, formatTarget(f.target), f.localPort, f.remotePort, f.context]),
    ).toEqual([
      ['test-service', 'service/kubernetes', 8080, 80, 'minikube'],
      ['test-service-2', 'deployment/test-deployment', 8081, 8080, 'minikube'],
    ]);
    // health_check merges over defaults.health_check (cluster_aware is LocalPort-internal)
    expect(get(result, 'test-service').probe).toEqual({
      type: 'tcp',
      intervalMs: 30_000,
      timeoutMs: 5_000,
      failureThreshold: 2,
      successThreshold: 1,
    });
    expect(get(result, 'test-service-2').probe).toMatchObject({
      intervalMs: 45_000,
      timeoutMs: 5_000,
      failureThreshold: 3,
    });
    expect(get(result, 'test-service').restart).toMatchObject({
      maxAttempts: 3,
      initialDelayMs: 2_000,
      maxDelayMs: 300_000,
    });

    // The engine's own overrides (seconds), as the health settings store them.
    const health = result.clusterHealth;
    expect(health).toEqual({
      defaults: {
        enabled: true,
        interval: 240,
        timeout: 30,
        retryAttempts: 2,
        failureThreshold: 3,
        checks: { clusterInfo: true, podStatus: true, nodeStatus: false, eventsOnFailure: true },
      },
      overrides: {
        minikube: { interval: 180, timeout: 20, checks: { nodeStatus: false } },
        'docker-desktop': { interval: 300, timeout: 45 },
      },
    });
    // effective minikube = merge ⇒ interval 180, timeout 20, retry 2, threshold 3
    expect(resolveHealthConfig(health?.defaults, health?.overrides, 'minikube')).toMatchObject({
      interval: 180,
      timeout: 20,
      retryAttempts: 2,
      failureThreshold: 3,
      checks: { nodeStatus: false },
    });
    expect(result.warnings).toEqual([]);
  });

  it('test-daemon-config-services-as-map.yaml: rejected with LocalPort’s reasons, no crash', () => {
    const result = importLocalPort(vector('test-daemon-config-services-as-map.yaml'), noEnv);
    expect(result.forwards).toEqual([]);
    expect(result.unsupported).toEqual([]);
    expect(result.errors).toEqual([
      {
        entry: 'file',
        message: 'Services must be a list (found a map with "test-service"); nothing was imported',
      },
    ]);
    expect(result.warnings).toEqual([
      'Missing required field: version (LocalPort would reject this file; imported anyway)',
    ]);
  });

  it('docs-example-kubernetes.yaml: 12 services, 8 enabled, ${X:default} resolved', () => {
    const text = vector('docs-example-kubernetes.yaml');
    const result = importLocalPort(text, noEnv);
    expect(result.forwards).toHaveLength(12);
    expect(result.unsupported).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.forwards.filter((f) => f.enabled)).toHaveLength(8);
    expect(result.forwards.filter((f) => !f.enabled).map((f) => f.name)).toEqual([
      'prometheus',
      'grafana',
      'pgadmin',
      'kafka-ui',
    ]);
    expect(result.forwards.filter((f) => f.target.kind === 'deployment').map((f) => f.name)).toEqual([
      'user-service',
      'order-service',
    ]);
    expect(
      result.forwards.filter((f) => f.target.kind !== 'deployment').every((f) => f.target.kind === 'service'),
    ).toBe(true);
    expect(new Set(result.forwards.map((f) => f.context))).toEqual(new Set(['minikube']));
    expect(new Set(result.forwards.map((f) => f.namespace))).toEqual(
      new Set(['default', 'kafka', 'elastic', 'monitoring', 'tools']),
    );
    // ${POSTGRES_PASSWORD} has no default: literal, and said so
    expect(expandEnv(text, {}).text).toContain('password: ${POSTGRES_PASSWORD}');
    expect(result.warnings).toContain(unsetWarning('POSTGRES_PASSWORD'));
    // http check with headers
    expect(get(result, 'api-gateway').probe).toMatchObject({
      type: 'http',
      path: '/health',
      headers: { 'User-Agent': 'LocalPort-HealthCheck/1.0' },
    });
    const remapped = result.forwards.filter((f) => f.localPort !== f.remotePort);
    expect(remapped.map((f) => `${f.name} ${String(f.localPort)}->${String(f.remotePort)}`)).toEqual([
      'api-gateway 8080->80',
      'user-service 8081->8080',
      'order-service 8082->8080',
      'frontend 3000->80',
      'grafana 3001->3000',
      'pgadmin 8083->80',
      'kafka-ui 8084->8080',
    ]);
  });

  it('docs-example-kubernetes.yaml: namespaces and contexts take the defaults in the file', () => {
    const result = importLocalPort(vector('docs-example-kubernetes.yaml'), {});
    expect(get(result, 'kafka').namespace).toBe('kafka');
    expect(result.forwards.every((f) => f.context === 'minikube')).toBe(true);
    expect(result.warnings.some((w) => w.includes('POSTGRES_PASSWORD'))).toBe(true);
  });

  it('docs-example-development.yaml: 15 services, 4 enabled, one context kind-dev', () => {
    const result = importLocalPort(vector('docs-example-development.yaml'), noEnv);
    expect(result.forwards).toHaveLength(15);
    expect(result.errors).toEqual([]);
    expect(result.unsupported).toEqual([]);
    expect(result.forwards.filter((f) => f.enabled).map((f) => f.name)).toEqual([
      'dev-postgres',
      'dev-redis',
      'api-server',
      'frontend-dev',
    ]);
    expect(result.forwards.filter((f) => f.target.kind === 'deployment').map((f) => f.name)).toEqual([
      'api-server',
    ]);
    expect(result.forwards.filter((f) => f.target.kind === 'service')).toHaveLength(14);
    expect(new Set(result.forwards.map((f) => f.context))).toEqual(new Set(['kind-dev']));
    expect(new Set(result.forwards.map((f) => f.namespace))).toEqual(
      new Set(['development', 'testing', 'observability']),
    );
    // defaults.restart_policy under a service's own keys
    expect(get(result, 'dev-postgres').restart).toEqual({
      enabled: true,
      maxAttempts: 2,
      multiplier: 1.5,
      initialDelayMs: 2_000,
      maxDelayMs: 30_000,
    });
    // defaults.health_check fills the unspecified success_threshold
    expect(get(result, 'dev-redis').probe).toEqual({
      type: 'tcp',
      intervalMs: 10_000,
      timeoutMs: 2_000,
      failureThreshold: 3,
      successThreshold: 1,
    });
  });

  it('docs-example-production-daemon.yaml: 16 kubectl import, 2 ssh unsupported, unset secrets literal', () => {
    const result = importLocalPort(vector('docs-example-production-daemon.yaml'), noEnv);
    expect(result.forwards).toHaveLength(16);
    expect(result.errors).toEqual([]);
    expect(result.unsupported).toEqual([
      { entry: 'legacy-mainframe', reason: sshReason },
      { entry: 'partner-api', reason: sshReason },
    ]);
    // 17 of 18 enabled: both ssh entries are enabled, backup-service is the one disabled
    expect(result.forwards.filter((f) => !f.enabled).map((f) => f.name)).toEqual(['backup-service']);
    expect(result.forwards.filter((f) => f.enabled)).toHaveLength(15);
    expect(new Set(result.forwards.map((f) => f.context))).toEqual(new Set(['production-cluster']));
    for (const name of [
      'PROD_DB_PASSWORD',
      'REPLICA_DB_PASSWORD',
      'PAYMENT_HEALTH_TOKEN',
      'MAINFRAME_API_KEY',
      'PARTNER_API_TOKEN',
      'AUDIT_SECURITY_TOKEN',
    ]) {
      expect(result.warnings).toContain(unsetWarning(name));
    }
    expect(result.warnings.filter((w) => w.startsWith('Environment variable'))).toHaveLength(6);
    expect(get(result, 'payment-service').probe).toMatchObject({
      headers: { Authorization: 'Bearer ${PAYMENT_HEALTH_TOKEN}' },
      successThreshold: 3,
      failureThreshold: 1,
    });
    expect(get(result, 'audit-service').probe).toMatchObject({
      headers: { 'X-Security-Token': '${AUDIT_SECURITY_TOKEN}' },
    });
    // success_threshold: 2 from defaults reaches services that do not set it
    expect(get(result, 'read-replica').probe).toMatchObject({ successThreshold: 2 });
    expect(get(result, 'backup-service').restart.enabled).toBe(false);
  });

  it('docs-example-ssh-tunnels.yaml: all 16 ssh ⇒ 0 forwards, 16 unsupported, nothing fails', () => {
    const text = vector('docs-example-ssh-tunnels.yaml');
    const result = importLocalPort(text, noEnv);
    expect(result.forwards).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.unsupported).toHaveLength(16);
    expect(result.unsupported.slice(0, 3).map((u) => u.entry)).toEqual([
      'prod-postgres',
      'staging-postgres',
      'prod-redis',
    ]);
    expect(result.unsupported.every((u) => u.reason === sshReason)).toBe(true);
    // the same variable with different defaults resolves per occurrence
    const expanded = expandEnv(text, {}).text;
    expect(expanded).toContain('key_file: ~/.ssh/production_key');
    expect(expanded).toContain('key_file: ~/.ssh/staging_key');
    expect(expanded).toContain('key_file: ~/.ssh/monitoring_key');
    expect(expanded).toContain('X-Vault-Token: ${VAULT_TOKEN}');
    expect(result.warnings).toContain(unsetWarning('VAULT_TOKEN'));
  });
});

describeVectors('LocalPort vector coverage', () => {
  it('has a test case for every file in vectors/localport', () => {
    const files = readdirSync(vectorPath('localport')).filter((f) => f.endsWith('.yaml'));
    expect(files.filter((f) => !TESTED.has(f))).toEqual([]);
  });
});

describe('LocalPort importer on hand-written files', () => {
  const header = 'version: "1.0"\nservices:\n';
  const svc = (body: string): string => header + body;
  const kubectl = (name: string, extra = '', port = 8080): string =>
    `  - name: ${name}\n    technology: kubectl\n    local_port: ${port}\n    remote_port: 80\n    connection:\n      resource_name: ${name}\n      context: kind\n${extra}`;

  it('reports broken YAML as a file error', () => {
    const result = importLocalPort('services: [\n', noEnv);
    expect(result.forwards).toEqual([]);
    expect(result.errors[0]?.entry).toBe('file');
    expect(result.errors[0]?.message).toMatch(/^Not valid YAML/);
  });

  it('reports a file that is not a map, or has no services', () => {
    expect(importLocalPort('- a\n- b\n', noEnv).errors[0]?.message).toContain(
      'is a map with "version" and "services"',
    );
    expect(importLocalPort('version: "1.0"\n', noEnv).errors).toEqual([
      { entry: 'file', message: 'Missing required field: services' },
    ]);
    expect(importLocalPort('', noEnv).errors).toHaveLength(1);
  });

  it('reads YAML 1.1 booleans as PyYAML does', () => {
    const result = importLocalPort(svc(kubectl('web', '    enabled: no\n')), noEnv);
    expect(result.forwards[0]?.enabled).toBe(false);
    // …which also makes an unquoted `name: off` a boolean, as LocalPort would read it
    expect(importLocalPort(svc(kubectl('off')), noEnv).errors).toContainEqual({
      entry: 'services[0]',
      message: 'name must be text, got false',
    });
  });

  it('lists each invalid entry with its problems while valid ones import', () => {
    const text = svc(
      [
        kubectl('good'),
        '  - name: no-ports\n    technology: kubectl\n    connection: {resource_name: x}\n',
        '  - name: bad-type\n    technology: kubectl\n    local_port: 1\n    remote_port: 2\n    connection: {resource_name: x, resource_type: statefulset}\n',
        '  - name: no-resource\n    technology: kubectl\n    local_port: 3\n    remote_port: 4\n    connection: {namespace: ""}\n',
        '  - name: weird\n    technology: docker\n    local_port: 70000\n    remote_port: 5\n    connection: {resource_name: x}\n',
        '  - technology: kubectl\n',
        '  - just a string\n',
        '  - name: bad-ns\n    technology: kubectl\n    local_port: 6\n    remote_port: 7\n    connection: {resource_name: x, namespace: Bad_NS, context: kind}\n',
      ].join(''),
    );
    const result = importLocalPort(text, noEnv);
    expect(names(result)).toEqual(['good']);
    expect(result.errors).toEqual([
      { entry: 'no-ports', message: 'Missing required field: local_port' },
      { entry: 'no-ports', message: 'Missing required field: remote_port' },
      {
        entry: 'bad-type',
        message: "kubectl resource_type 'statefulset' is invalid (use service, pod or deployment)",
      },
      { entry: 'no-resource', message: 'connection.resource_name is required for kubectl services' },
      { entry: 'no-resource', message: 'connection.namespace must not be empty' },
      { entry: 'weird', message: 'technology must be "kubectl" or "ssh", got "docker"' },
      { entry: 'weird', message: 'local_port must be a whole number from 1 to 65535, got 70000' },
      { entry: 'services[5]', message: 'Missing required field: name' },
      { entry: 'services[5]', message: 'Missing required field: local_port' },
      { entry: 'services[5]', message: 'Missing required field: remote_port' },
      { entry: 'services[5]', message: 'Missing required field: connection' },
      { entry: 'services[6]', message: 'services[6] must be a map, got "just a string"' },
      {
        entry: 'bad-ns',
        message: expect.stringContaining('Namespace "Bad_NS" is not a valid DNS-1123 label'),
      },
    ]);
  });

  it('supports pod resources', () => {
    const result = importLocalPort(
      svc(
        '  - name: p\n    technology: kubectl\n    local_port: 1\n    remote_port: 2\n    connection: {resource_type: pod, resource_name: web-0, context: k}\n',
      ),
      noEnv,
    );
    expect(result.forwards[0]?.target).toEqual({ kind: 'pod', name: 'web-0' });
  });

  it('maps health checks: disabled, https, missing type, other ports and methods', () => {
    const text = svc(
      [
        kubectl('quiet', '    health_check: {enabled: false}\n', 1001),
        kubectl(
          'secure',
          '    health_check: {type: http, config: {url: "https://localhost:1002/ready?full=1", expected_status: 204}}\n',
          1002,
        ),
        kubectl('typeless', '    health_check: {interval: 10}\n', 1003),
        kubectl(
          'elsewhere',
          '    health_check: {type: http, config: {url: "http://api.internal:9999/h", method: POST}}\n',
          1004,
        ),
        kubectl('nourl', '    health_check: {type: https}\n', 1005),
        kubectl('badurl', '    health_check: {type: http, config: {url: "not a url"}}\n', 1006),
        kubectl('grpc', '    health_check: {type: grpc}\n', 1007),
      ].join(''),
    );
    const result = importLocalPort(text, noEnv);
    expect(result.errors).toEqual([]);
    const f = byName(result);
    expect(f['quiet']?.probe).toEqual({ type: 'none' });
    expect(f['secure']?.probe).toMatchObject({
      type: 'http',
      scheme: 'https',
      path: '/ready?full=1',
      expectedStatus: 204,
    });
    expect(f['typeless']?.probe).toMatchObject({ type: 'tcp', intervalMs: 10_000 });
    expect(f['elsewhere']?.probe).toMatchObject({ type: 'http', path: '/h' });
    expect(f['nourl']?.probe).toMatchObject({ type: 'http', scheme: 'https', path: '/' });
    expect(f['badurl']?.probe).toMatchObject({ type: 'http', path: '/' });
    expect(f['grpc']?.probe.type).toBe('tcp');
    expect(result.warnings).toEqual([
      'typeless: health_check has no type; a TCP probe is used',
      "elsewhere: health check URL http://api.internal:9999/h is not this forward's local port; Tether probes /h on the local port",
      'elsewhere: health check method POST is not supported; Tether probes with GET',
      'badurl: health check URL "not a url" is not a URL; probing "/"',
      '"grpc" health checks have no Tether equivalent and became TCP probes: grpc',
    ]);
  });

  it('turns out-of-range health and restart values into entry errors', () => {
    const text = svc(
      kubectl(
        'slow',
        '    health_check: {type: tcp, interval: 5, timeout: 10}\n    restart_policy: {max_attempts: 0}\n',
      ) + kubectl('typed', '    health_check: {type: tcp, interval: soon}\n', 9000),
    );
    const result = importLocalPort(text, noEnv);
    expect(result.forwards).toEqual([]);
    expect(result.errors).toEqual([
      { entry: 'slow', message: 'Probe timeout must not exceed its interval' },
      { entry: 'slow', message: 'Max attempts must be 1–100' },
      { entry: 'typed', message: 'health_check.interval must be a number, got "soon"' },
    ]);
  });

  it('reports duplicate local ports as a conflict naming both, and renames duplicate names', () => {
    const text = svc(kubectl('api') + kubectl('web') + kubectl('api', '', 8081));
    const result = importLocalPort(text, noEnv);
    expect(names(result)).toEqual(['api', 'api-2']);
    expect(result.errors).toEqual([
      { entry: 'web', message: 'Local port 8080 is also used by "api" in this file; only "api" keeps it' },
    ]);
    expect(result.warnings).toContain('Two entries are named "api": the later one was renamed "api-2"');
    expect(new Set(result.forwards.map((f) => f.id)).size).toBe(2);
  });

  it('checks contexts against the known ones, after the context map', () => {
    const text = svc(kubectl('api'));
    const unknown = importLocalPort(text, { knownContexts: ['minikube'] });
    expect(unknown.errors).toEqual([]);
    expect(unknown.forwards.map((f) => f.context)).toEqual(['kind']);
    expect(unknown.entries[0]?.outcomes).toEqual([
      { kind: 'new' },
      { kind: 'context-not-in-kubeconfig', context: 'kind' },
    ]);
    const mapped = importLocalPort(text, {
      knownContexts: ['minikube'],
      contextMap: { kind: 'minikube' },
    });
    expect(mapped.forwards[0]?.context).toBe('minikube');
    expect(mapped.errors).toEqual([]);
    expect(mapped.entries[0]?.outcomes).toEqual([{ kind: 'new' }]);
    expect(mapped.forwards[0]?.id).toBe(unknown.forwards[0]?.id);
  });

  it('maps cluster_contexts keys through the context map', () => {
    const text = `${svc(kubectl('api'))}cluster_contexts:\n  kind:\n    cluster_health: {interval: 90}\n`;
    const result = importLocalPort(text, { contextMap: { kind: 'kind-local' } });
    expect(result.clusterHealth?.overrides).toEqual({ 'kind-local': { interval: 90 } });
  });

  it('gives the same ids on every import', () => {
    const text = svc(kubectl('api'));
    expect(importLocalPort(text, noEnv).forwards[0]?.id).toBe(importLocalPort(text, noEnv).forwards[0]?.id);
  });

  it('warns about a missing version but imports', () => {
    const result = importLocalPort(`services:\n${kubectl('api')}`, noEnv);
    expect(result.forwards).toHaveLength(1);
    expect(result.warnings).toContain(
      'Missing required field: version (LocalPort would reject this file; imported anyway)',
    );
  });
});
