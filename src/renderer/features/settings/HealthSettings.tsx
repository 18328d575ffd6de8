import { useEffect, useState, type FormEvent } from 'react';
import { ContractError, type FieldIssue, type HealthSettingsView } from '../../../shared/contract';
import { useClient } from '../../client/ClientContext';
import { useClustersStore } from '../../stores/clustersStore';
import { Loading } from '../../ui/States';
import {
  CHECK_FIELDS,
  draftFrom,
  inLabelWords,
  NUMBER_FIELDS,
  overridesFrom,
  WATCH_NAMESPACES_LABEL,
  type HealthDraft,
} from './healthForm';

/** Two fields a row (the list is ordered in pairs: interval and its timeout, …). */
const PAIRS = [0, 2, 4, 6].map((i) => NUMBER_FIELDS.slice(i, i + 2));

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Per-cluster health settings over `health:settings` / `health:update`: intervals, timeouts,
 * thresholds and check switches for one monitored cluster. The engine validates; its
 * per-field messages are shown next to the fields, and nothing is saved until all are good.
 */
export function HealthSettings() {
  const client = useClient();
  const monitored = useClustersStore((s) => s.monitored);
  const [picked, setPicked] = useState<string>();
  const context = picked && monitored.includes(picked) ? picked : monitored[0];
  const [view, setView] = useState<HealthSettingsView>();
  const [draft, setDraft] = useState<HealthDraft>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [loadError, setLoadError] = useState<{ context: string; message: string }>();

  const show = (v: HealthSettingsView, note?: string) => {
    setView(v);
    setDraft(draftFrom(v.effective));
    setIssues([]);
    setError(undefined);
    setSaved(note);
  };

  useEffect(() => {
    if (!context) return;
    let live = true;
    client.invoke('health:settings', { context }).then(
      (v) => live && show(v),
      (err: unknown) => live && setLoadError({ context, message: message(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, context]);

  const send = async (overrides: Record<string, unknown> | null, note: string) => {
    if (!context) return;
    try {
      show(await client.invoke('health:update', { context, overrides }), note);
    } catch (err) {
      setSaved(undefined);
      const fields = err instanceof ContractError ? (err.issues ?? []) : [];
      setIssues(fields);
      setError(fields.length ? undefined : message(err));
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (draft && view) void send(overridesFrom(draft, view), 'Saved and applied.');
  };

  if (!context)
    return (
      <fieldset className="fieldset">
        <legend>Health checks</legend>
        <p className="small muted">Monitor a cluster to tune its health checks.</p>
      </fieldset>
    );
  const issueFor = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
  const known = new Set<string>([...NUMBER_FIELDS.map((f) => f.key), 'checks', 'watchNamespaces']);
  const nsIssue = issueFor('watchNamespaces');
  const general = issues.filter((i) => !known.has(i.path.split('.')[0]!));
  return (
    <fieldset className="fieldset">
      <legend>Health checks</legend>
      <div className="field">
        <label htmlFor="health-context">Cluster</label>
        <select id="health-context" value={context} onChange={(e) => setPicked(e.target.value)}>
          {monitored.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      {view?.context !== context || !draft ? (
        loadError?.context === context ? (
          <p className="error small" role="alert">
            {loadError.message}
          </p>
        ) : (
          <Loading>Reading health settings…</Loading>
        )
      ) : (
        <form aria-label={`Health settings for ${context}`} onSubmit={save} noValidate>
          <label className="check small">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
            />
            Check this cluster&apos;s health
          </label>
          {PAIRS.map((pair, row) => (
            <div className="field-row" key={row}>
              {pair.map(({ key, label, unit }) => {
                const issue = issueFor(key);
                const id = `health-${key}`;
                return (
                  <div className="field" key={key}>
                    <label htmlFor={id}>
                      {label}
                      {unit && ` (${unit})`}
                    </label>
                    <input
                      id={id}
                      inputMode="decimal"
                      value={draft.numbers[key]}
                      // Emptied, the field goes back to the default; say which.
                      placeholder={`default ${view.defaults[key]}`}
                      title={`default ${view.defaults[key]}`}
                      aria-invalid={issue ? true : undefined}
                      aria-describedby={issue ? `${id}-error` : undefined}
                      onChange={(e) =>
                        setDraft({ ...draft, numbers: { ...draft.numbers, [key]: e.target.value } })
                      }
                    />
                    {issue && (
                      <span className="error small" id={`${id}-error`} role="alert">
                        {inLabelWords(issue.message)}
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          ))}
          <div role="group" aria-label="Checks">
            {CHECK_FIELDS.map(({ key, label, localPort }) => (
              <label className="check small" key={key} title={`LocalPort: ${localPort}`}>
                <input
                  type="checkbox"
                  checked={draft.checks[key]}
                  onChange={(e) =>
                    setDraft({ ...draft, checks: { ...draft.checks, [key]: e.target.checked } })
                  }
                />
                {label}
              </label>
            ))}
            {issueFor('checks') && (
              <span className="error small" role="alert">
                {inLabelWords(issueFor('checks')!.message)}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor="health-watchNamespaces">{WATCH_NAMESPACES_LABEL}</label>
            <input
              id="health-watchNamespaces"
              value={draft.watchNamespaces}
              placeholder="e.g. payments, web"
              aria-invalid={nsIssue ? true : undefined}
              aria-describedby={nsIssue ? 'health-watchNamespaces-error' : 'health-watchNamespaces-help'}
              onChange={(e) => setDraft({ ...draft, watchNamespaces: e.target.value })}
            />
            {nsIssue ? (
              <span className="error small" id="health-watchNamespaces-error" role="alert">
                {inLabelWords(nsIssue.message)}
              </span>
            ) : (
              <span className="small muted" id="health-watchNamespaces-help">
                Used when you may not list pods or events cluster-wide: watched with the context&apos;s own
                namespace and those of its forwards.
              </span>
            )}
          </div>
          {(error || general.length > 0) && (
            <p className="error small" role="alert">
              {error ? inLabelWords(error) : general.map((i) => inLabelWords(i.message)).join('; ')}
            </p>
          )}
          {saved && (
            <p className="small muted" role="status">
              {saved}
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="btn"
              onClick={() => void send(null, 'Back to the defaults.')}
              disabled={Object.keys(view.overrides).length === 0}
            >
              Reset to defaults
            </button>
            <button type="submit" className="btn primary">
              Save
            </button>
          </div>
        </form>
      )}
    </fieldset>
  );
}
