import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistorySample } from '../../../shared/domain/health';
import { useClient } from '../../client/ClientContext';
import { loadHistory, useDetailStore } from '../../stores/detailStore';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { downsample } from './downsample';
import { keepOutageStarts, outageSpans, type OutageSpan } from './outageSpans';
import { useRefreshKey } from './useRefreshKey';
import { useThrottledLoad } from './useThrottledLoad';

/** Points per chart: enough for the shape, few enough to draw at once. */
const MAX_POINTS = 240;
const WIDTH = 350;
const HEIGHT = 96;
const NONE: HistorySample[] = [];

const clock = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

interface Series {
  key: keyof HistorySample;
  name: string;
  color: string;
}

/** One small chart with its title; the title names what the lines are (colour is not the only cue). */
function Chart({
  title,
  data,
  series,
  outages,
  unit,
}: {
  title: string;
  data: HistorySample[];
  series: Series[];
  outages: OutageSpan[];
  unit?: string;
}) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="small">
        {title}
        {series.length > 1 && <span className="muted"> ({series.map((s) => s.name).join(' / ')})</span>}
      </figcaption>
      <LineChart width={WIDTH} height={HEIGHT} data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={clock}
          tick={{ fontSize: 10, fill: 'var(--muted)' }}
          minTickGap={40}
        />
        <YAxis width={36} tick={{ fontSize: 10, fill: 'var(--muted)' }} unit={unit} allowDecimals={false} />
        <Tooltip
          labelFormatter={(t) => clock(Number(t))}
          // "latency: 3.7 ms": every value with its unit.
          separator=": "
          formatter={(value, name) => [
            value === null || value === undefined ? 'no answer' : `${String(value)}${unit ? ` ${unit}` : ''}`,
            name,
          ]}
          contentStyle={{ background: 'var(--card)', border: '1px solid var(--border)' }}
        />
        {/* The API did not answer here: a shaded band, and the lines break (never drawn as 0). */}
        {outages.map((o) => (
          <ReferenceArea
            key={o.from}
            x1={o.from}
            x2={o.to}
            fill="var(--bad)"
            fillOpacity={0.12}
            ifOverflow="extendDomain"
            label={{ value: 'no answer', fontSize: 9, fill: 'var(--muted)', position: 'insideTop' }}
          />
        ))}
        {series.map((s) => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.name}
            stroke={s.color}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}

/** The cluster over time: probe latency, ready/total pods, restarts, warnings per minute. */
export function HistoryTab({ context }: { context: string }) {
  const client = useClient();
  const slot = useDetailStore((s) => s.history);
  useThrottledLoad(() => void loadHistory(client, context), `${context}|${useRefreshKey(context)}`, 5000);
  const mine = slot.key === context ? slot : undefined;
  const samples = mine?.data ?? NONE;
  const data = useMemo(() => keepOutageStarts(downsample(samples, MAX_POINTS), samples), [samples]);
  const outages = useMemo(() => outageSpans(samples), [samples]);

  if (!mine || (mine.status === 'loading' && !mine.data)) return <Loading>Loading history…</Loading>;
  if (mine.status === 'error' && !mine.data)
    return (
      <ErrorState
        title="Could not load history"
        message={mine.error}
        onRetry={() => void loadHistory(client, context)}
      />
    );
  if (data.length < 2) return <Empty title="Not enough history yet">Charts appear after a few checks.</Empty>;

  const last = outages[outages.length - 1];
  return (
    <div className="history scroll-area" data-testid="history">
      {last && (
        <p className="small muted" data-testid="history-outages">
          {outages.length === 1 ? 'No answer' : `${outages.length} outages; the last`} from {clock(last.from)}{' '}
          to {clock(last.to)}: shaded, and not counted as zero.
        </p>
      )}
      <Chart
        title="Probe latency"
        unit="ms"
        data={data}
        outages={outages}
        series={[{ key: 'latencyMs', name: 'latency', color: 'var(--accent)' }]}
      />
      <Chart
        title="Pods"
        data={data}
        outages={outages}
        series={[
          { key: 'podsReady', name: 'ready', color: 'var(--ok)' },
          { key: 'podsTotal', name: 'total', color: 'var(--muted)' },
        ]}
      />
      <Chart
        title="Restarts"
        data={data}
        outages={outages}
        series={[{ key: 'restarts', name: 'restarts', color: 'var(--warn)' }]}
      />
      <Chart
        title="Warnings per minute"
        data={data}
        outages={outages}
        series={[{ key: 'warningsPerMin', name: 'warnings/min', color: 'var(--bad)' }]}
      />
    </div>
  );
}
