import { ALLOW_NON_LOOPBACK_CONTROL } from '../../domain/forward';
import { describe, expect, it } from 'vitest';
import { expandApprovedHeaders } from './envExpand';
import { importKftray } from './kftray';
import { importLocalPort } from './localport';
import { ImportResultSchema } from '../../domain/importResult';
import { importTetherJson } from './tetherJson';

// What an import may and may not do: it never reads the environment, never opens a forward to
// the network on a file's say-so, and says per entry what will happen.

const secretEnv = { SECRET: 's3cr3t', TOKEN: 't0ken', NS: 'prod', KUBE_CONTEXT: 'kind-env' };
// Leaked only if something read the environment: importers take no environment at all now.
process.env['TETHER_IMPORT_TEST_SECRET'] = 's3cr3t';

const localport = `version: "1.0"
services:
  - name: "\${TETHER_IMPORT_TEST_SECRET}"
    description: "\${TETHER_IMPORT_TEST_SECRET:none}"
    technology: kubectl
    local_port: 8080
    remote_port: 80
    connection:
      resource_name: api
      namespace: \${NS:default}
      context: \${KUBE_CONTEXT:kind-dev}
    health_check:
      type: http
      config:
        url: http://localhost:8080/health
        headers:
          Authorization: "Bearer \${TOKEN}"
          X-Static: plain
`;

describe('LocalPort placeholders', () => {
  const result = importLocalPort(localport, { currentContext: 'kind-dev' });

  it('never reads the environment: no value from it appears anywhere in the result', () => {
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
    for (const v of Object.values(secretEnv)) expect(JSON.stringify(result)).not.toContain(v);
  });

  it('uses the defaults written in the file and keeps placeholders without one as written', () => {
    const [f] = result.forwards;
    expect(f).toMatchObject({
      name: '${TETHER_IMPORT_TEST_SECRET}',
      description: 'none',
      namespace: 'default',
      context: 'kind-dev',
    });
    expect(f?.probe).toMatchObject({ headers: { Authorization: 'Bearer ${TOKEN}', 'X-Static': 'plain' } });
  });

  it('names every variable the file uses', () => {
    const uses = result.warnings.find((w) => w.startsWith('This file uses environment variables'));
    expect(uses).toBeDefined();
    for (const name of ['TETHER_IMPORT_TEST_SECRET', 'NS', 'KUBE_CONTEXT', 'TOKEN'])
      expect(uses).toContain(name);
  });

  it('lists the header variables to approve on the entry, none approved unless asked', () => {
    expect(result.entries).toEqual([
      {
        entry: '${TETHER_IMPORT_TEST_SECRET}',
        id: result.forwards[0]?.id,
        outcomes: [{ kind: 'new' }, { kind: 'variables-to-approve', names: ['TOKEN'], approved: [] }],
      },
    ]);
    expect(result.forwards[0]?.probe).not.toHaveProperty('variables');
    const approved = importLocalPort(localport, {
      currentContext: 'kind-dev',
      approveVariables: ['TOKEN', 'NS'],
    });
    expect(approved.forwards[0]?.probe).toMatchObject({ variables: ['TOKEN'] });
    expect(approved.entries[0]?.outcomes).toContainEqual({
      kind: 'variables-to-approve',
      names: ['TOKEN'],
      approved: ['TOKEN'],
    });
    expect(ImportResultSchema.safeParse(approved).success).toBe(true);
  });
});

describe('expandApprovedHeaders (probe time)', () => {
  it('expands approved variables in header values only, leaving the rest as written', () => {
    const headers = {
      Authorization: 'Bearer ${TOKEN}',
      'X-Other': '${SECRET}',
      'X-Default': '${UNSET:fallback}',
    };
    expect(expandApprovedHeaders(headers, ['TOKEN', 'UNSET'], secretEnv)).toEqual({
      Authorization: 'Bearer t0ken',
      'X-Other': '${SECRET}',
      'X-Default': 'fallback',
    });
  });
});

describe('Tether JSON from elsewhere', () => {
  const file = JSON.stringify({
    tether: 1,
    forwards: [
      {
        id: 'fwd-db',
        name: 'db',
        context: 'kind-dev',
        target: 'svc/db',
        remotePort: 5432,
        localPort: 5432,
        bindAddress: '0.0.0.0',
        allowNonLoopback: true,
        startAtLaunch: true,
        probe: { type: 'http', headers: { 'X-T': '${SECRET}' }, variables: ['SECRET'] },
      },
    ],
  });

  it('cannot set a non-loopback bind: forced to 127.0.0.1, with a warning and an outcome', () => {
    const result = importTetherJson(file, {});
    expect(result.forwards[0]).toMatchObject({ bindAddress: '127.0.0.1', allowNonLoopback: false });
    expect(result.warnings.join('\n')).toMatch(/db.*0\.0\.0\.0.*127\.0\.0\.1/);
    expect(result.entries[0]?.outcomes).toContainEqual({
      kind: 'bind-downgraded',
      from: '0.0.0.0',
      to: '127.0.0.1',
    });
  });

  it('keeps the bind only with the explicit confirmation', () => {
    const result = importTetherJson(file, { allowNonLoopback: true });
    expect(result.forwards[0]).toMatchObject({ bindAddress: '0.0.0.0', allowNonLoopback: true });
  });

  it('cannot approve its own variables', () => {
    const result = importTetherJson(file, {});
    expect(result.forwards[0]?.probe).not.toHaveProperty('variables');
    expect(result.entries[0]?.outcomes).toContainEqual({
      kind: 'variables-to-approve',
      names: ['SECRET'],
      approved: [],
    });
  });

  it('imports an entry whose context is missing from the kubeconfig, and names that context on it', () => {
    const result = importTetherJson(file, { knownContexts: ['other'] });
    expect(result.entries).toEqual([
      {
        entry: 'db',
        id: 'fwd-db',
        outcomes: [
          { kind: 'new' },
          { kind: 'context-not-in-kubeconfig', context: 'kind-dev' },
          { kind: 'bind-downgraded', from: '0.0.0.0', to: '127.0.0.1' },
          { kind: 'variables-to-approve', names: ['SECRET'], approved: [] },
        ],
      },
    ]);
    expect(result.forwards[0]?.context).toBe('kind-dev');
  });
});

describe('downgrade warnings name what the user can do', () => {
  it('kftray: no "non-loopback control" the form does not have', () => {
    const result = importKftray(
      JSON.stringify([
        {
          service: 'api',
          namespace: 'default',
          local_port: 8080,
          remote_port: 80,
          context: 'kind-dev',
          workload_type: 'service',
          protocol: 'tcp',
          local_address: '0.0.0.0',
        },
      ]),
      {},
    );
    const warning = result.warnings.join('\n');
    expect(warning).toMatch(/0\.0\.0\.0/);
    expect(warning).not.toMatch(/allow non-loopback binding on the forward/);
    expect(warning).toMatch(/--allow-non-loopback/);
    expect(warning).toContain(`"${ALLOW_NON_LOOPBACK_CONTROL}" in the import view`);
    expect(result.entries[0]?.outcomes).toContainEqual({
      kind: 'bind-downgraded',
      from: '0.0.0.0',
      to: '127.0.0.1',
    });
  });
});
