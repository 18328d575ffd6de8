import { ALLOW_NON_LOOPBACK_CONTROL } from '../../../shared/domain/forward';
import type { ImportChoices, StoredForwardView } from './importPreview';

/** What the user decided about an import (sent with the preview and with the import). */
export interface ImportDecisions {
  contextMap: Record<string, string>;
  approveVariables: string[];
  allowNonLoopback: boolean;
  replaceExisting: boolean;
}

/** Nothing decided yet: unknown contexts kept, no variable approved, loopback, nothing replaced. */
export const NO_DECISIONS: ImportDecisions = {
  contextMap: {},
  approveVariables: [],
  allowNonLoopback: false,
  replaceExisting: false,
};

interface Props {
  choices: ImportChoices;
  decisions: ImportDecisions;
  /** The user's contexts, to map the file's unknown ones to. */
  contexts: readonly string[];
  stored: (id: string) => StoredForwardView | undefined;
  onChange(next: ImportDecisions): void;
}

/**
 * The decisions an import needs, one control each: a context for every context the file uses
 * that the kubeconfig lacks, approval per variable, the non-loopback bind and replacing.
 * Nothing here applies anything: it changes the preview, and the Import button applies it.
 */
export function ImportChoicesForm({ choices, decisions, contexts, stored, onChange }: Props) {
  const set = (patch: Partial<ImportDecisions>) => onChange({ ...decisions, ...patch });
  const replaced = choices.replaces.map((id) => ({ id, s: stored(id) }));
  const replaceable = replaced.filter((r) => !r.s?.running && !r.s?.contextMissing);
  return (
    <fieldset className="fieldset">
      <legend>Before importing</legend>
      {choices.contexts.map((theirs, i) => (
        <div className="field" key={`c:${theirs}`}>
          <label htmlFor={`io-map-${i}`}>
            Context “{theirs}” from the file is not in your kubeconfig; use
          </label>
          <select
            id={`io-map-${i}`}
            value={decisions.contextMap[theirs] ?? ''}
            onChange={(e) => {
              const contextMap = { ...decisions.contextMap };
              if (e.target.value === '') delete contextMap[theirs];
              else contextMap[theirs] = e.target.value;
              set({ contextMap });
            }}
          >
            <option value="">Keep “{theirs}” (cannot start until mapped)</option>
            {contexts.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      ))}
      {choices.variables.map((name) => (
        <label className="check small" key={`v:${name}`}>
          <input
            type="checkbox"
            checked={decisions.approveVariables.includes(name)}
            onChange={(e) =>
              set({
                approveVariables: e.target.checked
                  ? [...decisions.approveVariables, name]
                  : decisions.approveVariables.filter((n) => n !== name),
              })
            }
          />
          {`Approve \${${name}} (read from the engine’s environment when probing, in probe headers only)`}
        </label>
      ))}
      {(choices.downgraded.length > 0 || decisions.allowNonLoopback) && (
        <label className="check small">
          <input
            type="checkbox"
            checked={decisions.allowNonLoopback}
            onChange={(e) => set({ allowNonLoopback: e.target.checked })}
          />
          {ALLOW_NON_LOOPBACK_CONTROL}: {choices.downgraded.join(', ')} would be reachable from other machines
        </label>
      )}
      {(replaceable.length > 0 || decisions.replaceExisting) && (
        <label className="check small">
          <input
            type="checkbox"
            checked={decisions.replaceExisting}
            onChange={(e) => set({ replaceExisting: e.target.checked })}
          />
          Replace the existing {replaceable.map((r) => `“${r.s?.name ?? r.id}”`).join(', ')} (a running
          forward is never replaced)
        </label>
      )}
    </fieldset>
  );
}
