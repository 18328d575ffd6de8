/** An on/off switch with an accessible name; `busy` shows a change in flight. */
export function Switch({
  checked,
  label,
  onChange,
  busy = false,
}: {
  checked: boolean;
  label: string;
  onChange: (on: boolean) => void;
  busy?: boolean;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-busy={busy || undefined}
      disabled={busy}
      className={`switch${checked ? ' on' : ''}`}
      onClick={() => onChange(!checked)}
    >
      <span className="knob" aria-hidden="true" />
    </button>
  );
}
