import type { ReactNode } from 'react';

/** A labelled form field: its control, then its error (or else its warning), then a note. */
export function Field({
  id,
  label,
  error,
  warning,
  note,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  warning?: string | undefined;
  /** Why the field's suggestions are missing (never a block). */
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="error small" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : (
        warning && (
          <span className="warn-text small" id={`${id}-warning`}>
            {warning}
          </span>
        )
      )}
      {note}
    </div>
  );
}

/**
 * Why a field's suggestions are missing or short, in words (never a block): the state of the
 * lookup behind it in `data-state`, the kubectl command that shows the same in its title.
 * Nothing when there is nothing to say.
 */
export function FieldNote({
  testId,
  state,
  kubectl,
  children,
}: {
  testId: string;
  state: string | undefined;
  kubectl: string | undefined;
  children: ReactNode;
}) {
  if (!children) return null;
  return (
    <span className="small muted" data-testid={testId} data-state={state} title={kubectl}>
      {children}
    </span>
  );
}
