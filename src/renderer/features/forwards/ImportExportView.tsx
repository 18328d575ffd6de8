import { useState, type ChangeEvent } from 'react';
import type { CommandResponse } from '../../../shared/contract';
import { useClient } from '../../client/ClientContext';
import { useContextsStore } from '../../stores/contextsStore';
import { applyForwards, useForwardsStore } from '../../stores/forwardsStore';
import { goBack } from '../../stores/navStore';
import { ImportChoicesForm, NO_DECISIONS, type ImportDecisions } from './ImportChoicesForm';
import { importChoices, outcomeWords, type ImportChoices, type StoredForwardView } from './importPreview';

type Preview = CommandResponse<'forwards:import'>;

/**
 * Import LocalPort YAML, kftray / Kube Forwarder / Tether JSON, and export. A file is previewed
 * first; the preview shows what happens to each entry and asks for every decision (contexts to
 * map, variables to approve, a non-loopback bind, replacing). Nothing is saved before Import.
 */
export function ImportExportView() {
  const client = useClient();
  const [text, setText] = useState('');
  const [filename, setFilename] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  const [choices, setChoices] = useState<ImportChoices>();
  const [decisions, setDecisions] = useState<ImportDecisions>(NO_DECISIONS);
  const [error, setError] = useState<string>();
  const [exported, setExported] = useState<string>();
  const contexts = useContextsStore((s) => s.list?.contexts ?? []);
  const byId = useForwardsStore((s) => s.byId);
  const stored = (id: string): StoredForwardView | undefined => {
    const f = byId[id];
    return (
      f && { name: f.spec.name, running: f.state !== 'Stopped', contextMissing: f.contextMissing === true }
    );
  };

  const run = async (dryRun: boolean, d: ImportDecisions = decisions) => {
    setError(undefined);
    try {
      const r = await client.invoke('forwards:import', {
        text,
        dryRun,
        ...(filename ? { filename } : {}),
        ...(Object.keys(d.contextMap).length ? { contextMap: d.contextMap } : {}),
        ...(d.approveVariables.length ? { approveVariables: d.approveVariables } : {}),
        ...(d.allowNonLoopback ? { allowNonLoopback: true } : {}),
        ...(d.replaceExisting ? { replaceExisting: true } : {}),
      });
      setPreview(r);
      if (dryRun) setChoices((c) => importChoices(r.result.entries, c));
      else {
        const { forwards } = await client.invoke('forwards:list', {});
        applyForwards(forwards.map((f) => [f.spec.id, f]));
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const reset = (t: string) => {
    setText(t);
    setPreview(undefined);
    setChoices(undefined);
    setDecisions(NO_DECISIONS);
  };
  const decide = (d: ImportDecisions) => {
    setDecisions(d);
    void run(true, d);
  };
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setFilename(file.name);
    void file.text().then(reset);
  };
  const doExport = async () => {
    try {
      setExported((await client.invoke('forwards:export', {})).text);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const r = preview?.result;
  const specOf = (id: string | undefined) => r?.forwards.find((f) => f.id === id);
  const asked =
    choices &&
    (choices.contexts.length > 0 ||
      choices.variables.length > 0 ||
      choices.downgraded.length > 0 ||
      choices.replaces.length > 0);

  return (
    <section className="detail" aria-labelledby="io-heading">
      <div className="detail-head">
        <button type="button" className="icon-button" aria-label="Back" onClick={() => goBack()}>
          ‹
        </button>
        <h2 id="io-heading" className="detail-title">
          Import and export
        </h2>
      </div>
      <div className="form scroll-area">
        <div className="field">
          <label htmlFor="io-file">A LocalPort YAML, kftray or Kube Forwarder JSON, or Tether export</label>
          <input
            id="io-file"
            type="file"
            accept=".yaml,.yml,.json,application/json,text/yaml"
            onChange={onFile}
          />
        </div>
        <div className="field">
          <label htmlFor="io-text">…or paste it</label>
          <textarea id="io-text" rows={6} value={text} onChange={(e) => reset(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="button" className="btn" disabled={!text.trim()} onClick={() => void run(true)}>
            Preview
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!preview?.dryRun || !r?.forwards.length}
            onClick={() => void run(false)}
          >
            Import {r?.forwards.length ?? ''}
          </button>
        </div>
        {preview?.dryRun && choices && asked && (
          <ImportChoicesForm
            choices={choices}
            decisions={decisions}
            contexts={contexts.map((c) => c.name)}
            stored={stored}
            onChange={decide}
          />
        )}
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
        {r && (
          <div className="small" role="status" aria-label="Import result">
            <p>
              {preview.dryRun ? 'Would import' : 'Imported'} {r.forwards.length} forward
              {r.forwards.length === 1 ? '' : 's'} from {r.format}
              {preview.dryRun ? '' : ` (${preview.saved.length} saved)`}.
            </p>
            <ul aria-label="Entries">
              {r.entries.map((e) => {
                const f = specOf(e.id);
                return (
                  <li key={`f:${e.entry}`}>
                    {e.entry}
                    {f ? ` — ${f.context}/${f.namespace}` : ''}:{' '}
                    {e.outcomes.map((o) => outcomeWords(o, stored)).join('; ')}
                  </li>
                );
              })}
              {r.unsupported.map((u) => (
                <li key={`u:${u.entry}`} className="warn-text">
                  {u.entry}: not supported ({u.reason})
                </li>
              ))}
              {r.errors.map((x) => (
                <li key={`e:${x.entry}`} className="error">
                  {x.entry}: {x.message}
                </li>
              ))}
              {r.warnings.map((w) => (
                <li key={`w:${w}`} className="muted">
                  {w}
                </li>
              ))}
            </ul>
          </div>
        )}
        <h3>Export</h3>
        <button type="button" className="btn" onClick={() => void doExport()}>
          Export all forwards
        </button>
        {exported !== undefined && (
          <>
            <textarea className="export" aria-label="Exported forwards" readOnly rows={6} value={exported} />
            <a
              className="small"
              download="tether-forwards.json"
              href={`data:application/json;charset=utf-8,${encodeURIComponent(exported)}`}
            >
              Download tether-forwards.json
            </a>
          </>
        )}
      </div>
    </section>
  );
}
