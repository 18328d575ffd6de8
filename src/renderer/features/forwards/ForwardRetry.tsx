import type { ForwardStatus } from '../../../shared/contract';
import { useClient } from '../../client/ClientContext';
import { useNow } from '../../stores/clock';
import { retryForward, useForwardsStore } from '../../stores/forwardsStore';
import { retryHint } from '../../../shared/logic/forwards/words';

/** A troubled forward's next try, counting down, and "Retry now" (own component: it ticks each second). */
export function ForwardRetry({ f }: { f: ForwardStatus }) {
  const client = useClient();
  const now = useNow();
  const busy = useForwardsStore((s) => s.pending[f.spec.id] === true);
  const hint = retryHint(f, now);
  if (hint === null) return null;
  return (
    <span className="small forward-retry" data-testid="forward-retry">
      {hint && <span className="muted">{hint} · </span>}
      <button
        type="button"
        className="link-button"
        disabled={busy}
        aria-label={`Retry now: ${f.spec.name}`}
        onClick={() => void retryForward(client, f.spec.id)}
      >
        Retry now
      </button>
    </span>
  );
}
