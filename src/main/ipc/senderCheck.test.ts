import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './senderCheck';

const fileApp = 'file:///Applications/Tether.app/Contents/Resources/app.asar/out/renderer/index.html';
const devApp = 'http://localhost:5173/';

describe('isTrustedSender (the IPC sender check)', () => {
  it('accepts the app’s own top frame, file:// (packaged) or the dev server', () => {
    expect(isTrustedSender({ url: fileApp, parent: null }, fileApp)).toBe(true);
    // The renderer's hash routes are the same page.
    expect(isTrustedSender({ url: `${fileApp}#/cluster/prod`, parent: null }, fileApp)).toBe(true);
    expect(isTrustedSender({ url: devApp, parent: null }, devApp)).toBe(true);
  });

  it('refuses a sub-frame, even one showing our page', () => {
    expect(isTrustedSender({ url: fileApp, parent: {} }, fileApp)).toBe(false);
  });

  it('refuses a missing frame, about:blank, an empty or unparsable URL', () => {
    expect(isTrustedSender(null, fileApp)).toBe(false);
    expect(isTrustedSender(undefined, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'about:blank', parent: null }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: '', parent: null }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'not a url', parent: null }, fileApp)).toBe(false);
  });

  it('refuses another file, another origin, another path, another scheme', () => {
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', parent: null }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5174/', parent: null }, devApp)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/other.html', parent: null }, devApp)).toBe(false);
    expect(isTrustedSender({ url: 'https://localhost:5173/', parent: null }, devApp)).toBe(false);
  });
});
