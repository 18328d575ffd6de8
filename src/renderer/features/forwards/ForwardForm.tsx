import { useState, type FormEvent } from 'react';
import { ContractError } from '../../../shared/contract';
import { useClient } from '../../client/ClientContext';
import { useClustersStore } from '../../stores/clustersStore';
import { useContextsStore } from '../../stores/contextsStore';
import { applyForwards, useForwardsStore } from '../../stores/forwardsStore';
import { goBack } from '../../stores/navStore';
import {
  catalogEntryOf,
  draftOf,
  fieldOf,
  fieldsOf,
  namespaceSuggestions,
  namespaceWarning,
  portChoices,
  recheckField,
  targetText,
  validateDraft,
  type FieldErrors,
  type ForwardFields,
} from './forwardForm';
import { Field, FieldNote } from './FormField';
import { PortChoices } from './PortChoices';
import { suggestionNote } from './suggestionNote';
import { useClusterOptions } from './useClusterOptions';
import { useNamespaces } from './useNamespaces';
import { useTargetCatalog } from './useTargetCatalog';

/** Add or edit a forward: validated as you submit with the engine's own rules, then by the engine. */
export function ForwardForm({ id }: { id: string | undefined }) {
  const client = useClient();
  const existing = useForwardsStore((s) => (id ? s.byId[id] : undefined));
  const contexts = useContextsStore((s) => s.list?.contexts ?? []);
  const current = useContextsStore((s) => s.list?.currentContext ?? '');
  // A new forward starts once saved unless the user says not to; an edit keeps its running state.
  const [startNow, setStartNow] = useState(true);
  const [fields, setFields] = useState<ForwardFields>(() => fieldsOf(existing?.spec, current));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);
  const monitored = useClustersStore((s) => s.monitored.includes(fields.context));
  const options = useClusterOptions(fields.context, monitored);
  const contextNamespace = contexts.find((c) => c.name === fields.context)?.namespace;
  const listed = useNamespaces(fields.context);
  const nsHints = {
    listed: listed?.listed ? listed.namespaces : undefined,
    contextNamespace,
    seen: options?.namespaces.length ? options.namespaces : undefined,
  };
  const nsWarning = namespaceWarning(fields.namespace, fields.context, nsHints);
  const nsNote = suggestionNote('namespaces', listed?.status, {
    empty: namespaceSuggestions(nsHints).length === 0,
  });
  const setField = (k: keyof ForwardFields, value: string) => {
    const next = { ...fields, [k]: value };
    setFields(next);
    setErrors((shown) => recheckField(shown, next, k));
  };
  const set = (k: keyof ForwardFields) => (e: { target: { value: string } }) => setField(k, e.target.value);
  const catalog = useTargetCatalog(fields.context, fields.namespace);
  // The catalog (services, deployments, pods with ports) when it answered; else the monitor's pods.
  const targetOptions = catalog?.targets.length
    ? catalog.targets.map(targetText)
    : (options?.pods.filter((p) => p.ns === fields.namespace.trim()).map((p) => `pod/${p.name}`) ?? []);
  const picked = catalogEntryOf(catalog?.targets, fields.target);
  // Kinds refused beside kinds listed are named; otherwise the catalog's status says why it is empty.
  const targetNote =
    catalog &&
    (catalog.status.state === 'loaded' && catalog.denied.length > 0
      ? `Not allowed to list ${catalog.denied.map((k) => `${k}s`).join(', ')} here.`
      : suggestionNote('targets', catalog.status, {
          empty: catalog.targets.length === 0,
          namespace: fields.namespace.trim(),
        }));
  const ports = portChoices(picked);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validateDraft(fields);
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    try {
      const r = await client.invoke('forwards:save', {
        forward: draftOf(fields, existing?.spec),
        ...(existing ? {} : { start: startNow }),
      });
      applyForwards([[r.forward.spec.id, r.forward]]);
      if (r.warnings.length) setWarnings(r.warnings);
      else goBack();
    } catch (err) {
      const next: FieldErrors = {};
      if (err instanceof ContractError && err.issues?.length)
        for (const i of err.issues) next[fieldOf(i.path)] ??= i.message;
      else next.form = err instanceof Error ? err.message : String(err);
      setErrors(next);
    } finally {
      setSaving(false);
    }
  };
  const aria = (k: keyof ForwardFields) => ({
    id: `fw-${k}`,
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `fw-${k}-error` : undefined,
  });

  return (
    <section className="detail" aria-labelledby="fw-heading">
      <div className="detail-head">
        <button type="button" className="icon-button" aria-label="Back" onClick={() => goBack()}>
          ‹
        </button>
        <h2 id="fw-heading" className="detail-title">
          {existing ? `Edit ${existing.spec.name}` : 'New port-forward'}
        </h2>
      </div>
      <form className="form scroll-area" onSubmit={(e) => void submit(e)} noValidate aria-label="Forward">
        <Field id="fw-name" label="Name" error={errors.name}>
          <input {...aria('name')} value={fields.name} onChange={set('name')} placeholder="web" />
        </Field>
        <Field id="fw-context" label="Cluster context" error={errors.context}>
          <select {...aria('context')} value={fields.context} onChange={set('context')}>
            <option value="">Choose…</option>
            {contexts.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="fw-namespace"
          label="Namespace"
          error={errors.namespace}
          warning={nsWarning}
          note={
            <FieldNote
              testId="fw-namespaces-note"
              state={listed?.status.state}
              kubectl={listed?.status.kubectl}
            >
              {nsNote}
            </FieldNote>
          }
        >
          <input
            {...aria('namespace')}
            value={fields.namespace}
            onChange={set('namespace')}
            list="fw-namespaces"
            autoComplete="off"
          />
          <datalist id="fw-namespaces">
            {namespaceSuggestions(nsHints).map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </Field>
        <Field
          id="fw-target"
          label="Target (svc/name, deploy/name, pod/name or a label selector)"
          error={errors.target}
        >
          <input
            {...aria('target')}
            value={fields.target}
            onChange={set('target')}
            list="fw-targets"
            placeholder="svc/web"
            autoComplete="off"
          />
          <datalist id="fw-targets">
            {targetOptions.slice(0, 300).map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <FieldNote testId="fw-catalog-note" state={catalog?.status.state} kubectl={catalog?.status.kubectl}>
            {targetNote}
          </FieldNote>
        </Field>
        <div className="field-row">
          <Field id="fw-remotePort" label="Remote port (number or name)" error={errors.remotePort}>
            <input
              {...aria('remotePort')}
              value={fields.remotePort}
              onChange={set('remotePort')}
              placeholder="80 or http"
              inputMode="text"
              list="fw-ports"
              autoComplete="off"
            />
            <datalist id="fw-ports">
              {ports.map((p) => (
                <option key={p.value} value={p.value} label={p.label} />
              ))}
            </datalist>
          </Field>
          <Field id="fw-localPort" label="Local port" error={errors.localPort}>
            <input
              {...aria('localPort')}
              value={fields.localPort}
              onChange={set('localPort')}
              placeholder="auto"
            />
          </Field>
        </div>
        {picked && (
          <PortChoices
            of={targetText(picked)}
            ports={ports}
            chosen={fields.remotePort.trim()}
            onChoose={(port) => setField('remotePort', port)}
          />
        )}
        {!existing && (
          <label className="check small">
            <input type="checkbox" checked={startNow} onChange={(e) => setStartNow(e.target.checked)} />
            Start now
          </label>
        )}
        {errors.form && (
          <p className="error small" role="alert">
            {errors.form}
          </p>
        )}
        {warnings.length > 0 && (
          <ul className="small warn-text" aria-label="Warnings">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => goBack()}>
            {warnings.length ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="btn primary" disabled={saving} aria-busy={saving || undefined}>
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
