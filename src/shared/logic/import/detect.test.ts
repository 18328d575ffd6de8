import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeVectors, hasVectors, readVector, vectorPath } from '../../../../test/support/vectors';
import { detectFormat } from './detect';

describeVectors('detectFormat on every import vector', () => {
  const cases: [string, string, string][] = [];
  for (const [dir, format, ext] of [
    ['localport', 'localport', '.yaml'],
    ['kftray', 'kftray', '.json'],
    ['kube-forwarder', 'kube-forwarder', '.json'],
  ] as const) {
    // Listed while collecting, so only when the folder exists (the block is skipped otherwise).
    const files = hasVectors ? readdirSync(vectorPath(dir)) : [];
    for (const file of files.filter((f) => f.endsWith(ext))) cases.push([dir, file, format]);
  }

  it('found the vector files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(26);
  });

  it.each(cases)('%s/%s is %s (content alone, and with its name)', (dir, file, format) => {
    const text = readVector(dir, file);
    expect(detectFormat(text)).toBe(format);
    expect(detectFormat(text, `/Users/me/Downloads/${file}`)).toBe(format);
  });
});

describe('detectFormat', () => {
  it('recognises Tether exports', () => {
    expect(detectFormat('{"tether": 1, "forwards": []}')).toBe('tether');
  });

  it('recognises kftray arrays and objects by their keys', () => {
    expect(detectFormat('[{"workload_type": "service"}]')).toBe('kftray');
    expect(detectFormat('{"alias": "x", "namespace": "y"}')).toBe('kftray');
    expect(detectFormat('[{"a": 1}]')).toBeUndefined();
    expect(detectFormat('[]')).toBeUndefined();
  });

  it('recognises Kube Forwarder v2 and v1', () => {
    expect(detectFormat('{"version": 2, "clusters": []}')).toBe('kube-forwarder');
    expect(detectFormat('{"_clusters": []}')).toBe('kube-forwarder');
  });

  it('recognises LocalPort YAML, even when it only parses after ${VAR} expansion', () => {
    expect(detectFormat('version: "1.0"\nservices: []\n')).toBe('localport');
    expect(detectFormat('version: "1.0"\ndefaults: {}\n')).toBe('localport');
    const unparsable = 'services:\n  - name: a\n    technology: kubectl\n    local_port: ${PORT:[}\n';
    expect(detectFormat(unparsable)).toBe('localport');
  });

  it('uses the file name only to break ties', () => {
    expect(detectFormat('{}', 'cluster-x.kpf-export.v2.json')).toBe('kube-forwarder');
    expect(detectFormat('{}', 'backup.tether.json')).toBe('tether');
    expect(detectFormat('{}', 'localport.yaml')).toBeUndefined(); // JSON content is never LocalPort by name
    expect(detectFormat('# empty\n', '/home/me/.localport.yaml')).toBe('localport');
    expect(detectFormat('[{"workload_type": "pod"}]', 'x.tether.json')).toBe('kftray'); // content wins
  });

  it('returns undefined for anything else', () => {
    expect(detectFormat('')).toBeUndefined();
    expect(detectFormat('hello: world\n')).toBeUndefined();
    expect(detectFormat('{"apiVersion": "v1"}')).toBeUndefined();
    expect(detectFormat('\uFEFF{"tether": 1, "forwards": []}')).toBe('tether');
    expect(detectFormat(': : :\n\t- [')).toBeUndefined();
  });
});
