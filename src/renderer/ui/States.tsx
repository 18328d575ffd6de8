import type { ReactNode } from 'react';

/** Shown while the engine has not answered yet: a line of text, never a blank. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="placeholder muted" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

/** An empty result, with what to do about it. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="placeholder empty-state">
      <p className="empty-title">{title}</p>
      {children && <p className="muted small">{children}</p>}
    </div>
  );
}

/** A failure, named, with an optional retry. */
export function ErrorState({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string | undefined;
  onRetry?: () => void;
}) {
  return (
    <div className="placeholder error-state" role="alert">
      <p className="error">
        {title}: {message ?? 'unknown error'}
      </p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
