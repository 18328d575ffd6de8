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
