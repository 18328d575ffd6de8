import { stateClass, stateLabel, type DisplayState } from '../format/state';

/** A coloured dot with its state in words beside it: colour is never the only signal. */
export function StateBadge({ state, compact = false }: { state: DisplayState; compact?: boolean }) {
  return (
    <span className={`state ${stateClass(state)}`} data-state={state}>
      <span className="dot" aria-hidden="true" />
      <span className={compact ? 'state-label small' : 'state-label'}>{stateLabel(state)}</span>
    </span>
  );
}
