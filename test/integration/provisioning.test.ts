// The ClusterDeployment stepper walks kcm's provisioning conditions, keeps the CAPI
// Cluster in step, records kcm's events, and Ready rolls up as kcm computes it.
import { describe, expect, it } from 'vitest';
import { fixtures } from '../harness/index.ts';
import type { Condition } from '../harness/index.ts';
import { sharedHarness } from './context.ts';

const h = sharedHarness();
const cluster = h.cluster('a');
const ns = 'kcm-system';

type Cd = { status?: { conditions?: Condition[] } };
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
      Ready: 'True',
    });
    const final = (await cd.get()) as Cd;
    expect(cond(final, 'Ready')).toMatchObject({ reason: 'Succeeded', message: 'Object is ready' });
    expect(cond(final, 'HelmReleaseReady')).toMatchObject({ reason: 'InstallSucceeded' });
    expect(cond(final, 'CAPIClusterSummary')).toMatchObject({ status: 'True', reason: 'InfoReported' });
    expect(cond(final, 'ServicesInReadyState')?.message).toBe('0/0');

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
    expect(ready?.message).toContain('* ControlPlaneInitialized: Control plane not yet initialized');
    const printed = await cluster.kubectl(['get', 'cld', 'dev-aws-2', '-n', ns]);
    expect(String(printed.stdout)).toMatch(/dev-aws-2\s+False\s+0\/0\s+aws-standalone-cp-1-0-0/);
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
