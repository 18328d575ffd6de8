import { describe, expect, it } from 'vitest';
import {
  draftOf,
  fieldsOf,
  namespaceSuggestions,
  namespaceWarning,
  recheckField,
  validateDraft,
  type ForwardFields,
} from './forwardForm';

const filled: ForwardFields = {
  ...fieldsOf(undefined, 'dev'),
  name: 'web',
  target: 'svc/web',
  remotePort: '80',
};

describe('the forward form’s rules', () => {
  it('accepts the namespace it pre-fills (default) and any other valid name, without asking the cluster', () => {
    expect(fieldsOf(undefined, 'dev').namespace).toBe('default');
    expect(validateDraft(filled)).toEqual({});
    expect(validateDraft({ ...filled, namespace: 'team-a-namespace-nobody-saw' })).toEqual({});
  });

  it('still refuses a name that is not a DNS-1123 label', () => {
    expect(validateDraft({ ...filled, namespace: 'Bad_NS' }).namespace).toMatch(/not a valid DNS-1123 label/);
  });

  it('an empty remote port says it is required (also to the engine: the field is left out)', () => {
    expect(validateDraft({ ...filled, remotePort: '' }).remotePort).toBe('Remote port is required');
    expect(validateDraft({ ...filled, remotePort: '  ' }).remotePort).toBe('Remote port is required');
    expect(draftOf({ ...filled, remotePort: '' }).remotePort).toBeUndefined();
  });

  it('an error clears when its field is fixed, changes while still wrong, and fields without one stay quiet', () => {
    const shown = validateDraft({ ...filled, name: '', target: '' });
    expect(shown).toMatchObject({ name: 'Name is required' });
    expect(shown.target).toBeDefined();
    const fixedName = recheckField(shown, { ...filled, target: '' }, 'name');
    expect(fixedName.name).toBeUndefined();
    expect(fixedName.target).toBe(shown.target);
    const stillBad = recheckField(shown, { ...filled, target: 'svc/' }, 'target');
    expect(stillBad.target).toBeDefined();
    expect(stillBad.target).not.toBe(shown.target);
    // A field with no error shown gets none while typing.
    expect(recheckField({}, { ...filled, remotePort: '' }, 'remotePort')).toEqual({});
  });

  it('suggests the listed namespaces when allowed, else the context’s namespace and those pods are in', () => {
    expect(namespaceSuggestions({ listed: ['default', 'shop'], contextNamespace: 'x', seen: ['y'] })).toEqual(
      ['default', 'shop'],
    );
    expect(
      namespaceSuggestions({ listed: undefined, contextNamespace: 'team', seen: ['shop', 'team'] }),
    ).toEqual(['shop', 'team']);
    expect(namespaceSuggestions({ listed: undefined, contextNamespace: undefined, seen: undefined })).toEqual(
      [],
    );
  });

  it('warns at most, and only when something says the namespace is not there yet', () => {
    const none = { listed: undefined, contextNamespace: undefined, seen: undefined };
    expect(namespaceWarning('default', 'dev', none)).toBeUndefined();
    expect(namespaceWarning('shop', 'dev', { ...none, seen: ['kube-system'] })).toBe(
      'No pods seen in shop yet.',
    );
    expect(
      namespaceWarning('team', 'dev', { ...none, seen: ['kube-system'], contextNamespace: 'team' }),
    ).toBeUndefined();
    expect(namespaceWarning('gitops', 'dev', { ...none, listed: ['default'] })).toBe(
      'No namespace "gitops" in dev yet: the forward will wait for it.',
    );
    expect(namespaceWarning('default', 'dev', { ...none, listed: ['default'] })).toBeUndefined();
  });
});
