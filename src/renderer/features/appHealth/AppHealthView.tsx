import { useAppStore } from '../../stores/appStore';
import { useClustersStore } from '../../stores/clustersStore';
import { useConnectionStore } from '../../stores/connectionStore';
import { useContextsStore } from '../../stores/contextsStore';
import { goBack } from '../../stores/navStore';
import { StateBadge } from '../../ui/StateBadge';

type Part = { name: string; ok: boolean; detail: string };

/** Tether's own parts, each OK or degraded with why: the engine link, kubeconfig, monitors, checks. */
export function AppHealthView() {
  const conn = useConnectionStore((s) => s.status);
  const info = useAppStore((s) => s.info);
  const infoError = useAppStore((s) => s.infoError);
  const contexts = useContextsStore();
  const problems = useClustersStore((s) => s.problems);
  const byContext = useClustersStore((s) => s.byContext);

  const parts: Part[] = [
    {
      name: 'Engine connection',
      ok: conn === 'open',
      detail:
        conn === 'open' ? `${info?.mode ?? ''} engine ${info?.version ?? ''}`.trim() : (infoError ?? conn),
    },
    {
      name: 'Kubeconfig',
      ok: contexts.status === 'ready' && (contexts.list?.problems.length ?? 0) === 0,
      detail:
        contexts.status === 'error'
          ? (contexts.error ?? 'unreadable')
          : contexts.list?.problems.length
            ? contexts.list.problems.map((p) => `${p.file}: ${p.message}`).join('; ')
            : `${contexts.list?.contexts.length ?? 0} contexts from ${contexts.list?.files.length ?? 0} file(s)`,
    },
    {
      name: 'Cluster monitors',
      ok: Object.keys(problems).length === 0,
      detail: Object.keys(problems).length
        ? Object.entries(problems)
            .map(([c, m]) => `${c}: ${m}`)
            .join('; ')
        : `${Object.keys(byContext).length} running`,
    },
    ...Object.values(byContext)
      .filter((s) => s.disabledChecks.length > 0)
      .map((s) => ({
        name: `Checks on ${s.context}`,
        ok: false,
        detail: s.disabledChecks.map((d) => d.message).join('; '),
      })),
  ];

  return (
    <section className="detail" aria-labelledby="health-heading">
      <div className="detail-head">
        <button type="button" className="icon-button" aria-label="Back" onClick={() => goBack()}>
          ‹
        </button>
        <h2 id="health-heading" className="detail-title">
          App health
        </h2>
      </div>
      <ul className="parts" aria-label="Components">
        {parts.map((p) => (
          <li key={p.name} className="part">
            <span className="row-title">
              <StateBadge state={p.ok ? 'Healthy' : 'Degraded'} compact />
              <span>{p.name}</span>
            </span>
            <span className="small muted">{p.detail}</span>
          </li>
        ))}
      </ul>
      {info && (
        <p className="small muted">
          Data folder: <code>{info.home}</code>
        </p>
      )}
    </section>
  );
}
