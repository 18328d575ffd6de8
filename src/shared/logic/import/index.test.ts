import { describe, expect, it } from 'vitest';
import { describeVectors, readVector } from '../../../../test/support/vectors';
import { ImportResultSchema, exportForwards, importForwards } from './index';

describe('importForwards', () => {
  it('uses the explicit format', () => {
    const result = importForwards('[]', { format: 'kftray' });
    expect(result?.format).toBe('kftray');
    expect(importForwards('[]', { format: 'tether' })?.errors[0]?.entry).toBe('file');
  });

  it('detects the format, or returns undefined when nothing matches', () => {
    expect(importForwards(exportForwards([]), {})?.format).toBe('tether');
    expect(importForwards('hello', {})).toBeUndefined();
  });
});

describeVectors('importForwards results fit the contract schema', () => {
  it.each([
    ['localport', 'test-cluster-health-config.yaml'],
    ['localport', 'fixture-localport.yaml'],
    ['kftray', 'history-configs-2024-09-tabs.json'],
    ['kube-forwarder', 'v1-demo-cluster-Pixel-Point.kpf-export.json'],
  ])('%s/%s', (dir, file) => {
    const result = importForwards(readVector(dir, file), { filename: file });
    expect(result?.format).toBe(dir);
    expect(ImportResultSchema.parse(result)).toEqual(result);
  });
});
