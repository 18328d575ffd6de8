import type { ForwardStatus } from '../../../shared/contract';
import { useNow } from '../../stores/clock';
import { connectionErrorText } from './forwardView';

/**
 * A running forward's last refused connection, with how long ago: its own component so only a
 * row that shows one re-renders with the clock.
 */
export function ForwardConnectionError({ f }: { f: Pick<ForwardStatus, 'state' | 'lastConnectionError'> }) {
  const now = useNow();
  const text = connectionErrorText(f, now);
  if (!text) return null;
  return (
    <span
      className="row-reason small warn-text"
      title={
        f.lastConnectionError ? `${new Date(f.lastConnectionError.at).toLocaleTimeString()}: ${text}` : text
      }
      data-testid="forward-connection-error"
    >
      {text}
    </span>
  );
}
