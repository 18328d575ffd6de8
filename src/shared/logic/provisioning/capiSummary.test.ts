import { describe, expect, it } from 'vitest';
import { parseCapiSummary, stageFromCapiSummary, stageOfCapiCondition } from './capiSummary';
import { earlierStage, isStage, laterStage, stageRank } from './stages';

describe('parseCapiSummary', () => {
  it('reads bullet items, nested ones too, and ignores names it does not know', () => {
    const message = [
      '* InfrastructureReady:',
      '  * LoadBalancerAvailable: proto: integer overflow (0/1 conditions met)',
      '* ControlPlaneInitialized: Control plane not yet initialized',
      '* WorkersAvailable:',
      '  * MachineDeployment dev-md: 0 available replicas, at least 1 required',
      '* RemoteConnectionProbe: Remote connection not established yet',
    ].join('\n');
    expect(parseCapiSummary(message).map((i) => [i.type, i.stage, i.text])).toEqual([
      ['InfrastructureReady', 'Provisioning', ''],
      ['ControlPlaneInitialized', 'Bootstrapping', 'Control plane not yet initialized'],
      ['WorkersAvailable', 'Scaling', ''],
      ['RemoteConnectionProbe', 'Bootstrapping', 'Remote connection not established yet'],
    ]);
  });

  it('reads the bare "Name: text" form of older kcm', () => {
    expect(stageFromCapiSummary('InfrastructureReady: group creating or updating')?.stage).toBe(
      'Provisioning',
    );
  });

  it('the earliest stage wins regardless of order', () => {
    expect(stageFromCapiSummary('* WorkersAvailable: 0\n* ControlPlaneAvailable: no')?.type).toBe(
      'ControlPlaneAvailable',
    );
  });

  it('nothing known ⇒ undefined', () => {
    expect(stageFromCapiSummary(undefined)).toBeUndefined();
    expect(stageFromCapiSummary('Object is ready')).toBeUndefined();
    expect(stageFromCapiSummary('Error: something')).toBeUndefined();
    expect(stageOfCapiCondition('toString')).toBeUndefined();
  });
});

describe('stage order', () => {
  it('compares stages', () => {
    expect(stageRank('Initializing')).toBe(0);
    expect(earlierStage('Scaling', 'Provisioning')).toBe('Provisioning');
    expect(laterStage('Scaling', 'Provisioning')).toBe('Scaling');
    expect(isStage('Installing')).toBe(true);
    expect(isStage('Ready')).toBe(false);
  });
});
