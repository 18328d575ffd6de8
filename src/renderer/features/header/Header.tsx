import { useMemo, useState } from 'react';
import { forwardCounts } from '../../../shared/logic/tray/forwardCounts';
import { useClient } from '../../client/ClientContext';
import { headerState, headerVerdict, stateClass } from '../../format/state';
import { recheck, useClustersStore } from '../../stores/clustersStore';
import { useConnectionStore } from '../../stores/connectionStore';
import { startAll, stopAll, useForwardsStore } from '../../stores/forwardsStore';
import { currentRoute, goHome, navigate, useNavStore } from '../../stores/navStore';
import { PulseIcon, RefreshIcon } from '../../ui/Icons';
import { connectionView, connectionWord } from '../connection/connectionView';

/**
 * The popover's top bar: a row with the name, the engine connection and the quick actions,
 * then the overall verdict on its own line (clusters and forwards), which wraps rather than
 * running under the actions at 400 px.
 */
export function Header() {
  const client = useClient();
  const conn = useConnectionStore((s) => connectionView(s));
  const byContext = useClustersStore((s) => s.byContext);
  const monitored = useClustersStore((s) => s.monitored);
  const view = useNavStore((s) => currentRoute(s).view);
  const [checking, setChecking] = useState(false);
  const forwardsById = useForwardsStore((s) => s.byId);
  const forwards = useForwardsStore((s) => s.order.length);
  const anyRunning = useForwardsStore((s) => Object.values(s.byId).some((f) => f.state !== 'Stopped'));
  const forwardsBusy = useForwardsStore((s) => s.pending['*'] === true);
  const clusters = useMemo(
    () => monitored.flatMap((m) => (byContext[m] ? [byContext[m]] : [])),
    [byContext, monitored],
  );
  const tally = useMemo(() => forwardCounts(Object.values(forwardsById).map((f) => f.state)), [forwardsById]);
  const overall = headerState(clusters, tally);
  const label = headerVerdict(clusters, tally);

  const recheckAll = () => {
    setChecking(true);
    void recheck(client).finally(() => setChecking(false));
  };

  return (
    <header className="header">
      <div className="header-bar">
        <h1>
          <button type="button" className="link-button" onClick={goHome} aria-label="Tether: home">
            Tether
          </button>
        </h1>
        <span className={`conn conn-${conn}`} role="status" aria-label="Engine connection">
          {connectionWord(conn)}
        </span>
        <div className="header-actions">
          {forwards > 0 && (
            <button
              type="button"
              className="btn small-btn"
              aria-label={anyRunning ? 'Stop all forwards' : 'Start all forwards'}
              title={anyRunning ? 'Stop every port-forward' : 'Start every port-forward'}
              disabled={forwardsBusy}
              onClick={() => void (anyRunning ? stopAll(client) : startAll(client))}
            >
              {anyRunning ? 'Stop all' : 'Start all'}
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
            <RefreshIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="App health"
            title="App health: Tether’s own parts"
            aria-pressed={view === 'health'}
            onClick={() => (view === 'health' ? undefined : navigate({ view: 'health' }))}
          >
            <PulseIcon />
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
      </div>
      <p className="overall" role="status" aria-label="Overall state" data-state={overall}>
        {/* The dot's colour and the words say the same thing; the words carry the counts. */}
        <span className={`state ${stateClass(overall)}`}>
          <span className="dot" aria-hidden="true" />
          <span className="overall-text">{label}</span>
        </span>
      </p>
    </header>
  );
}
