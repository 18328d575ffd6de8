import { describe, expect, it } from 'vitest';
import { validateForwardSpec } from '../../../shared/domain/forward';
import { importWarning, parseImportRequest } from './forwardImport';

const v = validateForwardSpec({ name: 'API', context: 'dev', target: 'svc/api', remotePort: 80 });
if (!v.ok) throw new Error('fixture invalid');
const spec = v.spec;
const stored = { ...spec, name: 'Old API', context: 'gone' };

describe('importWarning', () => {
  it('says why a stored forward was kept, or that it moved to another context; nothing when added or replaced', () => {
    expect(importWarning('keep-existing', spec, stored)).toContain(
      'would replace the existing forward "Old API"',
    );
    expect(importWarning('keep-running', spec, stored)).toContain('"Old API"');
    expect(importWarning('keep-running', spec, stored)).toContain('is running: not replaced');
    expect(importWarning('remap', spec, stored)).toBe('"API" now runs in context "dev" (was "gone")');
    expect(importWarning('add', spec, undefined)).toBeNull();
    expect(importWarning('replace', spec, stored)).toBeNull();
  });
});

describe('parseImportRequest', () => {
  it('an unrecognised file is a bad request naming the formats', () => {
    expect(() =>
      parseImportRequest(
        { text: 'not a forwards file' },
        { knownContexts: ['dev'], currentContext: 'dev', existingIds: new Set() },
      ),
    ).toThrow(/format was not recognised.*localport, kftray, kube-forwarder or tether/);
  });
});
