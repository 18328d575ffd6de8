import { ContractError, type ShellSettings, type ShellSettingsView } from '../../shared/contract';
import type { ShellSettingsPort } from '../core/engine';
import { findKubectl, type KubectlLookup } from '../platform/kubectl';

export interface ShellSettingsPortOptions {
  settings: { shell(): ShellSettings; updateShell(patch: Partial<ShellSettings>): ShellSettings };
  /** The OS login item (the user can change it in System Settings too, so it is read live). */
  login: { get(): boolean; set(on: boolean): void };
  /** kubectl as found at start (the engine was handed that path). */
  kubectl: () => KubectlLookup | undefined;
  /** Every kubectl Tether found by itself (platform/kubectl.ts `kubectlCandidates`). */
  candidates: () => readonly string[];
  /**
   * Asks the user, outside the page (a native dialog), whether to run a kubectl Tether did
   * not find itself. Absent (headless): such a path is refused.
   */
  confirmKubectl?: (path: string) => Promise<boolean>;
  isExecutable?: (file: string) => boolean;
}

/**
 * The menu-bar app's preferences as the contract carries them (`shell:settings`,
 * `shell:update`), for the Preferences view and the tray menu alike. Launch at login goes to
 * the OS login item; an explicit kubectl path must be an absolute executable — a wrong one is
 * refused with the reason instead of being saved and failing at the next start — and one
 * Tether found itself, or confirmed by the user in a native dialog: the page may suggest a
 * program to run, never choose it.
 */
export function shellSettingsPort(o: ShellSettingsPortOptions): ShellSettingsPort {
  const view = (notes: string[] = []): ShellSettingsView => {
    const k = o.kubectl();
    return {
      settings: { ...o.settings.shell(), launchAtLogin: o.login.get() },
      kubectl: {
        ...(k?.ok ? { path: k.path, problem: null } : { path: null, problem: k?.message ?? null }),
        candidates: [...o.candidates()],
      },
      notes,
    };
  };
  return {
    read: async () => view(),
    update: async (patch) => {
      const notes: string[] = [];
      const before = o.settings.shell();
      if (patch.kubectlPath != null) {
        const found = findKubectl({
          explicitPath: patch.kubectlPath,
          PATH: undefined,
          ...(o.isExecutable ? { isExecutable: o.isExecutable } : {}),
        });
        if (!found.ok) {
          throw new ContractError('bad-request', found.message, [
            { path: 'kubectlPath', message: found.message },
          ]);
        }
        const known = o.candidates();
        if (patch.kubectlPath !== before.kubectlPath && !known.includes(patch.kubectlPath)) {
          const confirmed = o.confirmKubectl ? await o.confirmKubectl(patch.kubectlPath) : false;
          if (!confirmed) {
            const message = `Tether runs only a kubectl it found itself${
              known.length ? ` (${known.join(', ')})` : ''
            } or one you confirm in its dialog; ${patch.kubectlPath} was not confirmed.`;
            throw new ContractError('bad-request', message, [{ path: 'kubectlPath', message }]);
          }
        }
      }
      if (patch.kubectlPath !== undefined && patch.kubectlPath !== before.kubectlPath) {
        notes.push('The kubectl path is used from the next start of Tether.');
      }
      if (patch.launchAtLogin !== undefined) o.login.set(patch.launchAtLogin);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      o.settings.updateShell(defined as Partial<ShellSettings>);
      return view(notes);
    },
  };
}
