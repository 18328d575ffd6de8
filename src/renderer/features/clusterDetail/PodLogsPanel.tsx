import { useState } from 'react';
import type { PodLogs } from '../../../shared/contract';
import type { PodSummary } from '../../../shared/domain/health';
import { DEFAULT_LOG_TAIL_LINES, displayLogText } from '../../../shared/logic/podLogs';
import { useClient } from '../../client/ClientContext';
import { loadPodLogs, logsKey, useDetailStore, type LogChoice } from '../../stores/detailStore';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorState, Loading } from '../../ui/States';

/** "main, previous run (the one that crashed)": which output the lines are. */
function whichRun(r: PodLogs): string {
  const run = r.previous ? 'previous run (the one that ended)' : 'current run';
  return `${r.container ?? 'its container'}, ${run}`;
}

/**
 * A pod's last lines, read when the user presses the button and never refreshed on its own
 * (reading logs costs the node and the API server; a crash loop's lines do not change between
 * crashes). By default the engine picks the failing container and its crashed run; the user can
 * pick another container or the other run. The text is shown as all cluster text: colour codes
 * dropped, control characters and bidi overrides as visible escapes.
 */
export function PodLogsPanel({ context, pod }: { context: string; pod: PodSummary }) {
  const client = useClient();
  const [choice, setChoice] = useState<LogChoice | null>(null);
  const key = choice ? logsKey(context, pod.namespace, pod.name, choice) : undefined;
  const slot = useDetailStore((s) => s.logs);
  const mine = key !== undefined && slot.key === key ? slot : undefined;
  const read = (next: LogChoice) => {
    setChoice(next);
    void loadPodLogs(client, context, pod.namespace, pod.name, next);
  };
  const names = pod.containers.map((c) => c.name);

  let body;
  if (!choice)
    body = (
      <button type="button" className="btn" onClick={() => read({})}>
        Show last {DEFAULT_LOG_TAIL_LINES} lines
      </button>
    );
  else if (!mine || (mine.status === 'loading' && !mine.data))
    body = <Loading>Reading the last lines…</Loading>;
  else if (mine.status === 'error' && !mine.data)
    body = <ErrorState title="Could not read the logs" message={mine.error} onRetry={() => read(choice)} />;
  else if (mine.data) {
    const r = mine.data;
    const other: LogChoice = { ...(r.container ? { container: r.container } : {}), previous: !r.previous };
    body = (
      <>
        <div className="logs-head">
          <span className="small muted" data-testid="logs-which">
            {whichRun(r)}
            {r.unavailable === null ? ` · ${r.lines} line${r.lines === 1 ? '' : 's'}` : ''}
            {r.truncated ? ' · cut' : ''}
          </span>
          {names.length > 1 && (
            <select
              aria-label="Container"
              value={r.container ?? ''}
              onChange={(e) => read({ container: e.target.value })}
            >
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="btn small-btn" onClick={() => read(other)}>
            {r.previous ? 'Current run' : 'Previous run'}
          </button>
          <button type="button" className="btn small-btn" onClick={() => read(choice)}>
            Read again
          </button>
          <CopyButton text={r.command} what="kubectl logs command" />
        </div>
        {r.unavailable !== null ? (
          <p className="small warn-text" role="status" data-testid="logs-unavailable">
            {r.unavailable.message}
          </p>
        ) : r.lines === 0 ? (
          <p className="small muted">No output.</p>
        ) : (
          <pre className="log-lines" aria-label="Last log lines" tabIndex={0} data-testid="log-lines">
            {displayLogText(r.text)}
          </pre>
        )}
      </>
    );
  }

  return (
    <section aria-labelledby="pod-logs-heading">
      <h3 id="pod-logs-heading">Last output</h3>
      {body}
    </section>
  );
}
