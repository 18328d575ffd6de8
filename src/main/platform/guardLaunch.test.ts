import { describe, expect, it } from 'vitest';
import { guardLaunchScript } from './guardLaunch';

const bundle = '/Applications/Tether.app/Contents/Resources/app.asar/out/main';
const exe = '/Applications/Tether.app/Contents/MacOS/Tether';

describe('guardLaunchScript (the packaged app started as the orphan guard)', () => {
  it('recognises the guard script next to the bundle, with --owner', () => {
    const argv = [exe, `${bundle}/orphanGuardProcess.js`, '--owner', '123', '--stale-ms', '30000'];
    expect(guardLaunchScript(argv, bundle)).toBe(`${bundle}/orphanGuardProcess.js`);
  });

  it('a normal launch, a launch with other arguments, or another script is the app', () => {
    expect(guardLaunchScript([exe], bundle)).toBeUndefined();
    expect(guardLaunchScript([exe, '.'], bundle)).toBeUndefined();
    expect(guardLaunchScript([exe, `${bundle}/orphanGuardProcess.js`], bundle)).toBeUndefined();
    expect(guardLaunchScript([exe, '/tmp/orphanGuardProcess.js', '--owner', '1'], bundle)).toBeUndefined();
    expect(guardLaunchScript([exe, `${bundle}/other.js`, '--owner', '1'], bundle)).toBeUndefined();
  });
});
