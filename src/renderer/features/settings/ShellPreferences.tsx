import { useEffect, useState, type FormEvent } from 'react';
import { ContractError, type CommandRequest, type ShellSettingsView } from '../../../shared/contract';
import { useClient } from '../../client/ClientContext';
import { useClustersStore } from '../../stores/clustersStore';
import { Loading } from '../../ui/States';

type Patch = CommandRequest<'shell:update'>;
type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'unavailable' | 'error'; message: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The menu-bar app's own preferences over `shell:settings` / `shell:update`: launch at login,
 * notifications (all, and per cluster), the kubectl path. Headless Tether has none and says
 * so (`conflict`); that is shown as a note, not as a failure.
 */
export function ShellPreferences() {
  const client = useClient();
  const monitored = useClustersStore((s) => s.monitored);
  const [view, setView] = useState<ShellSettingsView>();
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [kubectl, setKubectl] = useState('');
  const [kubectlError, setKubectlError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();

  useEffect(() => {
    let live = true;
    client.invoke('shell:settings', {}).then(
      (v) => {
        if (!live) return;
        setView(v);
        setKubectl(v.settings.kubectlPath ?? '');
        setStatus({ kind: 'ready' });
      },
      (err: unknown) => {
        if (!live) return;
        const unavailable = err instanceof ContractError && err.code === 'conflict';
        setStatus({ kind: unavailable ? 'unavailable' : 'error', message: message(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [client]);

  const update = async (patch: Patch): Promise<boolean> => {
    try {
      setView(await client.invoke('shell:update', patch));
      setSaveError(undefined);
      return true;
    } catch (err) {
      if (patch.kubectlPath !== undefined) setKubectlError(message(err));
      else setSaveError(message(err));
      return false;
    }
  };
  const saveKubectl = async (e: FormEvent) => {
    e.preventDefault();
    if (await update({ kubectlPath: kubectl.trim() === '' ? null : kubectl.trim() }))
      setKubectlError(undefined);
  };

  if (status.kind === 'loading') return <Loading>Reading preferences…</Loading>;
  if (status.kind !== 'ready')
    return (
      <fieldset className="fieldset">
        <legend>App preferences</legend>
        <p className={`small ${status.kind === 'error' ? 'error' : 'muted'}`} role="note">
          {status.message}
        </p>
      </fieldset>
    );
  if (!view) return null;
  const s = view.settings;
  const muted = new Set(s.mutedContexts);
  const setMuted = (context: string, notify: boolean) => {
    const next = new Set(muted);
    if (notify) next.delete(context);
    else next.add(context);
    void update({ mutedContexts: [...next] });
  };
  return (
    <>
      <fieldset className="fieldset">
        <legend>App preferences</legend>
        <label className="check small">
          <input
            type="checkbox"
            checked={s.launchAtLogin}
            onChange={(e) => void update({ launchAtLogin: e.target.checked })}
          />
          Launch at login
        </label>
        <label className="check small">
          <input
            type="checkbox"
            checked={s.notifications}
            onChange={(e) => void update({ notifications: e.target.checked })}
          />
          Desktop notifications
        </label>
        {saveError && (
          <p className="error small" role="alert">
            {saveError}
          </p>
        )}
        {view.notes.length > 0 && (
          <ul className="small muted" aria-label="Notes">
            {view.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </fieldset>
      {monitored.length > 0 && (
        <fieldset className="fieldset" disabled={!s.notifications}>
          <legend>Notifications per cluster</legend>
          {monitored.map((c) => (
            <label key={c} className="check small">
              <input
                type="checkbox"
                checked={!muted.has(c)}
                onChange={(e) => setMuted(c, e.target.checked)}
              />
              {c}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset className="fieldset">
        <legend>kubectl</legend>
        <form className="kubectl-form" onSubmit={(e) => void saveKubectl(e)} aria-label="kubectl path">
          <input
            aria-label="kubectl path"
            aria-invalid={kubectlError ? true : undefined}
            aria-describedby={kubectlError ? 'kubectl-error' : undefined}
            value={kubectl}
            placeholder="found on the login shell's PATH"
            list="kubectl-candidates"
            onChange={(e) => setKubectl(e.target.value)}
          />
          <datalist id="kubectl-candidates">
            {view.kubectl.candidates.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <button type="submit" className="btn">
            Save
          </button>
        </form>
        {kubectlError && (
          <p className="error small" id="kubectl-error" role="alert">
            {kubectlError}
          </p>
        )}
        <p className="small muted">
          {view.kubectl.path
            ? `In use: ${view.kubectl.path}`
            : `Not found: ${view.kubectl.problem ?? 'unknown'}`}
        </p>
        <p className="small muted">
          Tether runs a kubectl it found itself without asking; any other path is confirmed in a system dialog
          first.
        </p>
      </fieldset>
    </>
  );
}
