import { describe, expect, it } from 'vitest';
import type { ProvisioningCondition } from '../../domain/provisioning';
import { CAPI_SUMMARY_GRACE_MS, rollUpReady } from './readyRollup';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString();
const staleReady: ProvisioningCondition = {
  type: 'Ready',
  status: 'Unknown',
  reason: 'Progressing',
  message: 'Some old Ready condition message',
  observedGeneration: 1,
};
const capiIssue = 'InfrastructureReady: OpenStackCluster status.initialization.provisioned is false';

/**
 * The 8 cases of kcm's Test_updateClusterDeploymentConditions (REPORT.md §4,
 * `kcm-ready-rollup-source-and-tests.go.txt`): conditions in, expected Ready out.
 */
const KCM_TABLE: ReadonlyArray<{
  name: string;
  conditions: ProvisioningCondition[];
  expected: { status: string; reason: string; message: string };
}> = [
  {
    name: 'no conditions ⇒ Unknown/Progressing',
    conditions: [],
    expected: { status: 'Unknown', reason: 'Progressing', message: '' },
  },
  {
    name: 'an Unknown condition ⇒ Unknown/Progressing with its message',
    conditions: [
      {
        type: 'CredentialReady',
        status: 'Unknown',
        reason: 'CredentialStatusUnknown',
        message: 'Credential status is unknown',
      },
      staleReady,
    ],
    expected: { status: 'Unknown', reason: 'Progressing', message: 'Credential status is unknown' },
  },
  {
    name: 'credential and template False ⇒ False/Failed, both errors joined',
    conditions: [
      {
        type: 'CredentialReady',
        status: 'False',
        reason: 'SomeCredentialError',
        message: 'Some error with credentials',
      },
      {
        type: 'TemplateReady',
        status: 'False',
        reason: 'SomeTemplateError',
        message: 'Some error with cluster template',
      },
      staleReady,
    ],
    expected: {
      status: 'False',
      reason: 'Failed',
      message: 'Some error with credentials. Some error with cluster template',
    },
  },
  {
    name: 'data source and authentication False (CAPI issue 5 min old is only a warning) ⇒ False/Failed',
    conditions: [
      { type: 'CredentialReady', status: 'True', reason: 'Succeeded', message: 'Credential is ready' },
      { type: 'TemplateReady', status: 'True', reason: 'Succeeded', message: 'ClusterTemplate is ready' },
      {
        type: 'ClusterDataSourceReady',
        status: 'False',
        reason: 'Failed',
        message: 'Some error with cluster data source',
      },
      {
        type: 'ClusterAuthenticationReady',
        status: 'False',
        reason: 'Failed',
        message: 'Some error with cluster authentication',
      },
      {
        type: 'CAPIClusterSummary',
        status: 'False',
        reason: 'IssuesReported',
        lastTransitionTime: minutesAgo(5),
        message: capiIssue,
      },
      staleReady,
    ],
    expected: {
      status: 'False',
      reason: 'Failed',
      message: 'Some error with cluster data source. Some error with cluster authentication',
    },
  },
  {
    name: 'CAPI cluster provisioning for 5 minutes ⇒ False/Progressing',
    conditions: [
      {
        type: 'ClusterAuthenticationReady',
        status: 'True',
        reason: 'Succeeded',
        message: 'ClusterAuthentication is ready',
      },
      {
        type: 'CAPIClusterSummary',
        status: 'False',
        reason: 'IssuesReported',
        lastTransitionTime: minutesAgo(5),
        message: capiIssue,
      },
      staleReady,
    ],
    expected: { status: 'False', reason: 'Progressing', message: capiIssue },
  },
  {
    name: 'CAPI cluster provisioning for 40 minutes ⇒ False/Failed with the provider-logs hint',
    conditions: [
      {
        type: 'CAPIClusterSummary',
        status: 'False',
        reason: 'IssuesReported',
        lastTransitionTime: minutesAgo(40),
        message: capiIssue,
      },
      staleReady,
    ],
    expected: {
      status: 'False',
      reason: 'Failed',
      message: `Cluster is not ready. Check the provider logs for more details.\n${capiIssue}`,
    },
  },
  {
    name: 'cluster ready ⇒ True/Succeeded "Object is ready"',
    conditions: [
      { type: 'CAPIClusterSummary', status: 'True', reason: 'Succeeded', message: 'Cluster is ready' },
      staleReady,
    ],
    expected: { status: 'True', reason: 'Succeeded', message: 'Object is ready' },
  },
  {
    name: 'deleting ⇒ False/Deleting with the Deleting message',
    conditions: [
      {
        type: 'Deleting',
        status: 'True',
        reason: 'IssuesReported',
        message: 'Some error with cluster deletion',
      },
      staleReady,
    ],
    expected: { status: 'False', reason: 'Deleting', message: 'Some error with cluster deletion' },
  },
];

describe('rollUpReady: the kcm Ready roll-up table', () => {
  for (const testCase of KCM_TABLE) {
    it(testCase.name, () => {
      const rollup = rollUpReady(testCase.conditions, NOW);
      expect({ status: rollup.status, reason: rollup.reason, message: rollup.message }).toEqual(
        testCase.expected,
      );
    });
  }
});

describe('rollUpReady: the other rules', () => {
  it('ServicesInReadyState False is a warning "<n/m> Services are ready."', () => {
    const rollup = rollUpReady(
      [
        { type: 'CAPIClusterSummary', status: 'True', reason: 'InfoReported' },
        { type: 'ServicesInReadyState', status: 'False', reason: 'Failed', message: '1/2' },
      ],
      NOW,
    );
    expect(rollup).toMatchObject({
      status: 'False',
      reason: 'Progressing',
      message: '1/2 Services are ready.',
    });
    expect(rollup.warnings).toEqual([{ type: 'ServicesInReadyState', message: '1/2 Services are ready.' }]);
  });

  it('the CAPI grace boundary is inclusive (exactly 30 min is still a warning) and configurable', () => {
    const at = (m: number): ProvisioningCondition[] => [
      { type: 'CAPIClusterSummary', status: 'False', lastTransitionTime: minutesAgo(m), message: 'x' },
    ];
    expect(rollUpReady(at(30), NOW).reason).toBe('Progressing');
    expect(rollUpReady(at(31), NOW).reason).toBe('Failed');
    expect(rollUpReady(at(10), NOW, { capiGraceMs: 5 * 60_000 }).reason).toBe('Failed');
    expect(CAPI_SUMMARY_GRACE_MS).toBe(30 * 60_000);
  });

  it('a CAPI summary without a transition time gets the benefit of the doubt', () => {
    expect(rollUpReady([{ type: 'CAPIClusterSummary', status: 'False', message: 'x' }], NOW).reason).toBe(
      'Progressing',
    );
  });

  it('Paused True/Paused is an error; Paused False/NotPaused is ignored', () => {
    expect(
      rollUpReady(
        [{ type: 'Paused', status: 'True', reason: 'Paused', message: 'Related Region eu is paused' }],
        NOW,
      ),
    ).toMatchObject({ status: 'False', reason: 'Failed', message: 'Related Region eu is paused' });
    const notPaused = rollUpReady([{ type: 'Paused', status: 'False', reason: 'NotPaused' }], NOW);
    expect(notPaused).toMatchObject({ status: 'Unknown', considered: 0 });
  });

  it('an unlisted False condition is an error; an empty message is replaced by type and reason', () => {
    expect(
      rollUpReady([{ type: 'SveltosProfileReady', status: 'False', reason: 'Failed' }], NOW),
    ).toMatchObject({
      status: 'False',
      reason: 'Failed',
      message: 'SveltosProfileReady: Failed',
    });
  });

  it('errors win over warnings and unknowns', () => {
    const rollup = rollUpReady(
      [
        { type: 'HelmReleaseReady', status: 'False', reason: 'InstallFailed', message: 'install failed' },
        { type: 'ServicesInReadyState', status: 'False', message: '0/1' },
        { type: 'TemplateReady', status: 'Unknown', message: 'checking' },
      ],
      NOW,
    );
    expect(rollup).toMatchObject({ status: 'False', reason: 'Failed', message: 'install failed' });
    expect(rollup.warnings).toHaveLength(1);
    expect(rollup.unknowns).toHaveLength(1);
  });

  it('our addition: CAPI milestone conditions carried directly are progress, with the same grace', () => {
    const cp = (m: number): ProvisioningCondition[] => [
      {
        type: 'ControlPlaneInitialized',
        status: 'False',
        lastTransitionTime: minutesAgo(m),
        message: 'not yet',
      },
    ];
    expect(rollUpReady(cp(5), NOW)).toMatchObject({
      status: 'False',
      reason: 'Progressing',
      message: 'not yet',
    });
    expect(rollUpReady(cp(45), NOW).reason).toBe('Failed');
  });
});
