import type { ReactNode } from 'react';
import type { ListStatus } from '../../shared/contract';
import { listStatusLine } from '../../shared/logic/health/words';

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

const TITLES: Record<Exclude<ListStatus['state'], 'loaded' | 'loading'>, string> = {
  forbidden: 'Not allowed to list',
  unauthorized: 'Credentials rejected: cannot list',
  unreachable: 'API unreachable: cannot list',
  off: 'Not checked:',
};

const timeOfDay = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Why a list has nothing to show when it did not load: which state, the reason, and the
 * kubectl command that lists the same. Never "no pods" for a list that was not listed.
 */
export function ListProblem({ status, what }: { status: ListStatus; what: string }) {
  if (status.state === 'loaded') return null;
  if (status.state === 'loading') return <Loading>{`Listing ${what}…`}</Loading>;
  return (
    <div
      className="placeholder list-problem"
      role="alert"
      data-testid="list-problem"
      data-state={status.state}
    >
      <p className="empty-title">
        {TITLES[status.state]} {what}
      </p>
      <p className="small">{listStatusLine(status, what, timeOfDay)}</p>
      <p className="muted small">
        The same in a terminal: <code>{status.kubectl}</code>
      </p>
    </div>
  );
}

/** The bar over a list kept from before an outage: "Showing data from 08:12 — API unreachable since 08:15 (…)". */
/** What a list covers when it is not the whole cluster: "Showing pods in payments (no cluster-wide access)". */
export function ListScope({ scope }: { scope: string }) {
  return (
    <p className="small muted" data-testid="list-scope">
      Showing {scope}
    </p>
  );
}

export function StaleBar({ status, what }: { status: ListStatus; what: string }) {
  if (!status.stale) return null;
  return (
    <p className="stale-bar small" role="status" data-testid="stale-bar">
      {listStatusLine(status, what, timeOfDay)}
    </p>
  );
}
