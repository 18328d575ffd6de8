// The ClusterDeployment stepper walks kcm's provisioning conditions, keeps the CAPI
// Cluster in step, records kcm's events, and Ready rolls up as kcm computes it.
import { describe, expect, it } from 'vitest';
import { fixtures } from '../harness/index.ts';
import type { Condition } from '../harness/index.ts';
import { sharedHarness } from './context.ts';

const h = sharedHarness();
const cluster = h.cluster('a');
const ns = 'kcm-system';

type Cd = { status?: { conditions?: Condition[]; services?: { name: string; state: string }[] } };
const cond = (cd: Cd, type: string) => cd.status?.conditions?.find((c) => c.type === type);

describe('ClusterDeployment provisioning', () => {
  it('steps through every phase to Ready with kcm events', async () => {
    await fixtures.createNamespace(cluster, ns);
    const cd = await fixtures.createClusterDeployment(cluster, { namespace: ns, name: 'dev-aws-1' });
    const seen: Record<string, string | undefined> = {};
    for (const phase of fixtures.provisioningPhases) {
      expect(await cd.next()).toBe(phase);
      seen[phase] = cond((await cd.get()) as Cd, 'Ready')?.status;
    }
    expect(seen).toEqual({
      Initializing: 'Unknown',
      TemplateReady: 'Unknown',
      HelmReleaseCreated: 'Unknown',
      HelmReleaseReady: 'Unknown',
      Provisioning: 'False',
      Bootstrapping: 'False',
      Scaling: 'False',
      Installing: 'False',
      Ready: 'True',
    });
    const final = (await cd.get()) as Cd;
    expect(cond(final, 'Ready')).toMatchObject({ reason: 'Succeeded', message: 'Object is ready' });
    expect(cond(final, 'HelmReleaseReady')).toMatchObject({ reason: 'InstallSucceeded' });
    expect(cond(final, 'CAPIClusterSummary')).toMatchObject({ status: 'True', reason: 'InfoReported' });
    expect(cond(final, 'ServicesInReadyState')?.message).toBe('2/2');
    expect(final.status?.services?.map((s) => [s.name, s.state])).toEqual([
      ['ingress-nginx', 'Deployed'],
      ['kyverno', 'Deployed'],
    ]);

    const capi = await cluster.getJson<{ status: { phase: string } }>([
      'cluster.cluster.x-k8s.io',
      'dev-aws-1',
      '-n',
      ns,
    ]);
    expect(capi.status.phase).toBe('Provisioned');

    const events = await cluster.getJson<{ items: { reason: string; involvedObject: { kind: string } }[] }>([
      'events',
      '-n',
      ns,
      '--field-selector',
      'involvedObject.name=dev-aws-1',
    ]);
    expect(
      events.items.filter((e) => e.involvedObject.kind === 'ClusterDeployment').map((e) => e.reason),
    ).toEqual(
      expect.arrayContaining([
        'HelmReleaseCreated',
        'HelmReleaseIsReady',
        'CAPIClusterIsProvisioning',
        'CAPIClusterIsReady',
      ]),
    );
  });

  it('is Ready=False/Progressing with the CAPI summary while provisioning', async () => {
    const cd = await fixtures.createClusterDeployment(cluster, { namespace: ns, name: 'dev-aws-2' });
    await cd.stepTo('Provisioning');
    const ready = cond((await cd.get()) as Cd, 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'Progressing' });
    expect(ready?.message).toContain('* InfrastructureReady: Waiting for AWSCluster');
    expect(ready?.message).toContain('* ControlPlaneInitialized: Control plane not yet initialized');
    const printed = await cluster.kubectl(['get', 'cld', 'dev-aws-2', '-n', ns]);
    expect(String(printed.stdout)).toMatch(/dev-aws-2\s+False\s+0\/0\s+aws-standalone-cp-1-0-0/);

    // The summary shrinks as the infrastructure, then the control plane, come up.
    await cd.next();
    const bootstrapping = cond((await cd.get()) as Cd, 'CAPIClusterSummary')?.message ?? '';
    expect(bootstrapping).not.toContain('InfrastructureReady');
    expect(bootstrapping).toContain('* ControlPlaneInitialized:');
    await cd.next();
    const scaling = cond((await cd.get()) as Cd, 'CAPIClusterSummary')?.message ?? '';
    expect(scaling).toMatch(
      /^\* WorkersAvailable:\n {2}\* MachineDeployment dev-aws-2-md: 0 available replicas/,
    );
    const capi = await cluster.getJson<{ status: { phase: string; controlPlaneReady: boolean } }>([
      'cluster.cluster.x-k8s.io',
      'dev-aws-2',
      '-n',
      ns,
    ]);
    expect(capi.status).toMatchObject({ phase: 'Provisioned', controlPlaneReady: true });

    // Then the services: counted once Sveltos reports them, one deployed, one on its way.
    await cd.next();
    const installing = (await cd.get()) as Cd;
    expect(cond(installing, 'CAPIClusterSummary')?.status).toBe('True');
    expect(cond(installing, 'ServicesInReadyState')).toMatchObject({ status: 'False', message: '1/2' });
    expect(cond(installing, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'Progressing',
      message: '1/2 Services are ready.',
    });
    expect(installing.status?.services?.map((s) => s.state)).toEqual(['Deployed', 'Provisioning']);
  });

  it('fails with a Warning event when the credential is not ready', async () => {
    const cd = await fixtures.createClusterDeployment(cluster, { namespace: ns, name: 'dev-aws-3' });
    await cd.stepTo('TemplateReady');
    await cd.fail();
    const got = (await cd.get()) as Cd;
    expect(cond(got, 'CredentialReady')).toMatchObject({ status: 'False', reason: 'Failed' });
    expect(cond(got, 'Ready')).toMatchObject({ status: 'False', reason: 'Failed' });
    const warnings = await cluster.getJson<{ items: { reason: string }[] }>([
      'events',
      '-n',
      ns,
      '--field-selector',
      'type=Warning,involvedObject.name=dev-aws-3',
    ]);
    expect(warnings.items.map((e) => e.reason)).toContain('CredentialNotReady');
  });
});
