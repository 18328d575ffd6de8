import type { PortChoice } from './forwardForm';

/** The picked target's ports as buttons; choosing one fills the remote port. Nothing when it has none. */
export function PortChoices({
  of,
  ports,
  chosen,
  onChoose,
}: {
  /** The target the ports belong to, as the user writes it (e.g. `svc/web`). */
  of: string;
  ports: readonly PortChoice[];
  /** The remote port in the form now (pressed button). */
  chosen: string;
  onChoose(port: string): void;
}) {
  if (ports.length === 0) return null;
  return (
    <div
      className="port-choices"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
      role="group"
      aria-label={`Ports of ${of}`}
    >
      {ports.map((p) => (
        <button
          key={p.value}
          type="button"
          className="btn small"
          aria-pressed={chosen === p.value}
          onClick={() => onChoose(p.value)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}
