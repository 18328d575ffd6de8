import { useMemo, useState } from 'react';
import { useClient } from '../../client/ClientContext';
import { overallLabel, stateClass, worstState } from '../../format/state';
import { recheck, useClustersStore } from '../../stores/clustersStore';
import { useConnectionStore } from '../../stores/connectionStore';
import { startAll, stopAll, useForwardsStore } from '../../stores/forwardsStore';
import { currentRoute, goHome, navigate, useNavStore } from '../../stores/navStore';

const CONNECTION_TEXT = {
  open: 'connected',
  refused: 'connection refused',
  closed: 'closed',
  connecting: 'connecting',
} as const;

/** The popover's top bar: the overall verdict, the engine connection, and the quick actions. */
export function Header() {
  const client = useClient();
  const status = useConnectionStore((s) => s.status);
  const byContext = useClustersStore((s) => s.byContext);
  const monitored = useClustersStore((s) => s.monitored);
  const view = useNavStore((s) => currentRoute(s).view);
  const [checking, setChecking] = useState(false);
  const forwards = useForwardsStore((s) => s.order.length);
  const anyRunning = useForwardsStore((s) => Object.values(s.byId).some((f) => f.state !== 'Stopped'));
  const forwardsBusy = useForwardsStore((s) => s.pending['*'] === true);
  const clusters = useMemo(
    () => monitored.flatMap((m) => (byContext[m] ? [byContext[m]] : [])),
    [byContext, monitored],
  );
  const overall = worstState(clusters);
  const label = overallLabel(clusters);

  const recheckAll = () => {
    setChecking(true);
    void recheck(client).finally(() => setChecking(false));
  };

  return (
    <header className="header">
      <div className="header-title">
        <h1>
          <button type="button" className="link-button" onClick={goHome} aria-label="Tether: home">
            Tether
          </button>
        </h1>
        <span className="overall" role="status" aria-label="Overall state" data-state={overall}>
          {/* The dot's colour and the words say the same thing; the words carry the counts. */}
          <span className={`state ${stateClass(monitored.length ? overall : 'Off')}`}>
            <span className="dot" aria-hidden="true" />
            <span className="overall-text">{label}</span>
          </span>
        </span>
      </div>
      <div className="header-actions">
        <span className={`conn conn-${status}`} role="status" aria-label="Engine connection">
          {CONNECTION_TEXT[status]}
        </span>
        {forwards > 0 && (
          <button
            type="button"
            className="icon-button"
            aria-label={anyRunning ? 'Stop all forwards' : 'Start all forwards'}
            title={anyRunning ? 'Stop all forwards' : 'Start all forwards'}
            disabled={forwardsBusy}
            onClick={() => void (anyRunning ? stopAll(client) : startAll(client))}
          >
            {anyRunning ? '■' : '▶'}
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label="Recheck all clusters"
          title="Recheck all clusters"
          disabled={checking || monitored.length === 0}
          aria-busy={checking || undefined}
          onClick={recheckAll}
        >
          ↻
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="App health"
          title="App health"
          aria-pressed={view === 'health'}
          onClick={() => (view === 'health' ? undefined : navigate({ view: 'health' }))}
        >
          ♥
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Settings"
          title="Settings"
          aria-pressed={view === 'settings'}
          onClick={() => (view === 'settings' ? undefined : navigate({ view: 'settings' }))}
        >
          ⚙
        </button>
      </div>
    </header>
  );
}
