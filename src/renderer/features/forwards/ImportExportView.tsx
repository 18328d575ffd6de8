import { useState, type ChangeEvent } from 'react';
import type { CommandResponse } from '../../../shared/contract';
import { useClient } from '../../client/ClientContext';
import { applyForwards } from '../../stores/forwardsStore';
import { goBack } from '../../stores/navStore';

type Preview = CommandResponse<'forwards:import'>;

/** Import LocalPort YAML, kftray / Kube Forwarder / Tether JSON (preview first), and export. */
export function ImportExportView() {
  const client = useClient();
  const [text, setText] = useState('');
  const [filename, setFilename] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<string>();
  const [exported, setExported] = useState<string>();

  const run = async (dryRun: boolean) => {
    setError(undefined);
    try {
      const r = await client.invoke('forwards:import', { text, dryRun, ...(filename ? { filename } : {}) });
      setPreview(r);
      if (!dryRun) {
        const { forwards } = await client.invoke('forwards:list', {});
        applyForwards(forwards.map((f) => [f.spec.id, f]));
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setFilename(file.name);
    void file.text().then((t) => {
      setText(t);
      setPreview(undefined);
    });
  };
  const doExport = async () => {
    try {
      setExported((await client.invoke('forwards:export', {})).text);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const r = preview?.result;

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
          <textarea
            id="io-text"
            rows={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPreview(undefined);
            }}
          />
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
            <ul>
              {r.forwards.map((f) => (
                <li key={f.id}>
                  {f.name} — {f.context}/{f.namespace}
                </li>
              ))}
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
