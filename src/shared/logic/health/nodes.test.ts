import { describe, expect, it } from 'vitest';
import { NodeSummarySchema } from '../../domain/health';
import { digestNodes, summarizeNode } from './nodes';

function node(
  name: string,
  ready: string | null,
  pressures: string[] = [],
  extra: Record<string, unknown> = {},
): unknown {
  const conditions: unknown[] = [
    { type: 'MemoryPressure', status: pressures.includes('MemoryPressure') ? 'True' : 'False' },
    { type: 'DiskPressure', status: pressures.includes('DiskPressure') ? 'True' : 'False' },
    { type: 'PIDPressure', status: pressures.includes('PIDPressure') ? 'True' : 'False' },
    { type: 'NetworkUnavailable', status: pressures.includes('NetworkUnavailable') ? 'True' : 'False' },
  ];
  if (ready !== null) conditions.push({ type: 'Ready', status: ready });
  return {
    metadata: { name, labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/os': 'linux' } },
    status: { conditions, nodeInfo: { kubeletVersion: 'v1.33.3' } },
    ...extra,
  };
}

describe('summarizeNode', () => {
  it('reads Ready, pressures, roles and version', () => {
    const n = summarizeNode(
      node('cp-1', 'True', ['DiskPressure', 'MemoryPressure'], { spec: { unschedulable: true } }),
    );
    expect(n).toEqual({
      name: 'cp-1',
      ready: 'True',
      pressures: ['MemoryPressure', 'DiskPressure'],
      unschedulable: true,
      roles: ['control-plane'],
      kubeletVersion: 'v1.33.3',
    });
    expect(NodeSummarySchema.parse(n)).toEqual(n);
  });

  it('False and Unknown Ready, and a missing Ready condition', () => {
    expect(summarizeNode(node('a', 'False'))?.ready).toBe('False');
    expect(summarizeNode(node('a', 'Unknown'))?.ready).toBe('Unknown');
    expect(summarizeNode(node('a', null))?.ready).toBe('Unknown');
    expect(summarizeNode({ metadata: { name: 'bare' } })).toEqual({
      name: 'bare',
      ready: 'Unknown',
      pressures: [],
      unschedulable: false,
      roles: [],
      kubeletVersion: null,
    });
  });

  it('ignores unknown condition types and non-nodes', () => {
    const n = summarizeNode({
      metadata: { name: 'x' },
      status: {
        conditions: [
          { type: 'KernelDeadlock', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
      },
    });
    expect(n?.pressures).toEqual([]);
    expect(summarizeNode(null)).toBeNull();
    expect(summarizeNode({ metadata: {} })).toBeNull();
  });
});

describe('digestNodes', () => {
  it('counts ready, NotReady (incl. Unknown) and pressure', () => {
    const d = digestNodes([
      node('n3', 'True', ['DiskPressure']),
      node('n1', 'True'),
      node('n2', 'False'),
      node('n4', 'Unknown', ['MemoryPressure', 'DiskPressure']),
      node('n5', 'True', ['NetworkUnavailable']),
      'garbage',
    ]);
    expect(d.counts).toEqual({ total: 5, ready: 3, notReady: 2, pressure: 3 });
    expect(d.notReady).toEqual(['n2', 'n4']);
    expect(d.pressureByType).toEqual({
      MemoryPressure: 1,
      DiskPressure: 2,
      PIDPressure: 0,
      NetworkUnavailable: 1,
    });
    expect(d.nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('an empty list is zero everywhere', () => {
    expect(digestNodes([]).counts).toEqual({ total: 0, ready: 0, notReady: 0, pressure: 0 });
  });
});
