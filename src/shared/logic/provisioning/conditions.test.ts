import { describe, expect, it } from 'vitest';
import { ProvisioningConditionSchema } from '../../domain/provisioning';
import {
  conditionAgeMs,
  findFirstCondition,
  isFalse,
  isTrue,
  mergeConditions,
  readCondition,
  readConditions,
  readConditionStatus,
} from './conditions';

describe('readConditionStatus', () => {
  it.each([
    ['True', 'True'],
    ['true', 'True'],
    [' TRUE ', 'True'],
    [true, 'True'],
    ['False', 'False'],
    [false, 'False'],
    ['Unknown', 'Unknown'],
    [undefined, 'Unknown'],
    ['yes', 'Unknown'],
    [1, 'Unknown'],
  ] as const)('%j → %s', (input, expected) => {
    expect(readConditionStatus(input)).toBe(expected);
  });
});

describe('readCondition', () => {
  it('reads a metav1.Condition', () => {
    const condition = readCondition({
      type: 'Ready',
      status: 'True',
      reason: 'Succeeded',
      message: 'Object is ready',
      lastTransitionTime: '2025-05-21T09:45:37Z',
      observedGeneration: 1,
    });
    expect(condition).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'Succeeded',
      message: 'Object is ready',
      lastTransitionTime: '2025-05-21T09:45:37.000Z',
      observedGeneration: 1,
    });
    expect(ProvisioningConditionSchema.parse(condition)).toEqual(condition);
  });

  it('reads a CAPI v1beta1 condition with severity and no reason', () => {
    expect(readCondition({ type: 'InfrastructureReady', status: 'False', severity: 'Warning' })).toEqual({
      type: 'InfrastructureReady',
      status: 'False',
      severity: 'Warning',
    });
  });

  it('accepts lastStateTransitionTime (ServiceState) and Date values', () => {
    expect(
      readCondition({ type: 'X', status: 'True', lastStateTransitionTime: '2024-12-11T23:03:05Z' })
        ?.lastTransitionTime,
    ).toBe('2024-12-11T23:03:05.000Z');
    expect(
      readCondition({ type: 'X', lastTransitionTime: new Date('2024-01-01T00:00:00Z') })?.lastTransitionTime,
    ).toBe('2024-01-01T00:00:00.000Z');
    expect(readCondition({ type: 'X', lastTransitionTime: 'yesterday' })?.lastTransitionTime).toBe(
      'yesterday',
    );
  });

  it('drops empty messages and trailing newlines; keeps inner newlines', () => {
    expect(readCondition({ type: 'X', message: '' })?.message).toBeUndefined();
    expect(readCondition({ type: 'X', message: 'a\n  b\n' })?.message).toBe('a\n  b');
  });

  it('rejects values without a type', () => {
    expect(readCondition({ status: 'True' })).toBeUndefined();
    expect(readCondition({ type: '  ' })).toBeUndefined();
    expect(readCondition('Ready')).toBeUndefined();
    expect(readCondition(null)).toBeUndefined();
  });
});

describe('readConditions / mergeConditions / lookups', () => {
  it('keeps the first of a repeated type and skips junk', () => {
    const list = readConditions([
      { type: 'A', status: 'True' },
      'junk',
      { type: 'A', status: 'False' },
      { type: 'B' },
    ]);
    expect(list.map((c) => [c.type, c.status])).toEqual([
      ['A', 'True'],
      ['B', 'Unknown'],
    ]);
    expect(readConditions({ type: 'A' })).toEqual([]);
  });

  it('merges extra lists without overriding the primary one', () => {
    const merged = mergeConditions(
      readConditions([{ type: 'Ready', status: 'True' }]),
      readConditions([
        { type: 'Ready', status: 'False' },
        { type: 'WorkersAvailable', status: 'False' },
      ]),
    );
    expect(merged.map((c) => [c.type, c.status])).toEqual([
      ['Ready', 'True'],
      ['WorkersAvailable', 'False'],
    ]);
  });

  it('findFirstCondition, isTrue, isFalse, conditionAgeMs', () => {
    const list = readConditions([
      { type: 'ControlPlaneAvailable', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z' },
    ]);
    const found = findFirstCondition(list, ['ControlPlaneReady', 'ControlPlaneAvailable']);
    expect(found?.type).toBe('ControlPlaneAvailable');
    expect(isFalse(found)).toBe(true);
    expect(isTrue(found)).toBe(false);
    expect(isFalse(undefined)).toBe(false);
    expect(found && conditionAgeMs(found, Date.parse('2026-01-01T00:01:00Z'))).toBe(60_000);
    expect(conditionAgeMs({ type: 'X', status: 'True' }, 0)).toBeUndefined();
  });
});
