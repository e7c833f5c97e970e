/** What the report pages share: the daily chart, the list's sparkline, a report's figures. */
import type { ViewContext } from '../../../platform/views/layout.js';
import type { DailyPoint } from '../reports.service.js';
import type { ReportRow } from '../reports.table.js';

/**
 * Orders per day as bars, revenue per day as a line (own scale), drawn as plain SVG: drawn 720 units wide from a
 * small tablet up, 360 on a phone (its labels stay readable and nothing scrolls sideways).
 */
export function DailyChart({ v, daily }: { v: ViewContext; daily: DailyPoint[] }) {
  return (
    <>
      <ChartDrawing v={v} daily={daily} w={720} labels={8} class="hidden sm:flex" data-chart />
      <ChartDrawing v={v} daily={daily} w={360} labels={4} class="sm:hidden" data-chart-compact />
    </>
  );
}

function ChartDrawing({
  v,
  daily,
  w,
  labels,
  class: cls,
  ...data
}: {
  v: ViewContext;
  daily: DailyPoint[];
  w: number;
  labels: number;
  class: string;
  'data-chart'?: boolean;
  'data-chart-compact'?: boolean;
}) {
  const h = w === 720 ? 220 : 200;
  // Room at both sides for the scales' top values, written short (`26K`, `401.9 млн`).
  const pad = { l: 52, r: 60, t: 12, b: 28 };
  const innerW = w - pad.l - pad.r;
  const innerH = h - pad.t - pad.b;
  const maxOrders = Math.max(1, ...daily.map((d) => d.orders));
  const maxCents = Math.max(1, ...daily.map((d) => d.cents));
  const step = innerW / Math.max(1, daily.length);
  const barW = Math.max(1, step * 0.7);
  const x = (i: number) => pad.l + i * step + (step - barW) / 2;
  const line = daily
    .map(
      (d, i) =>
        `${(x(i) + barW / 2).toFixed(1)},${(pad.t + innerH - (d.cents / maxCents) * innerH).toFixed(1)}`,
    )
    .join(' ');
  const labelEvery = Math.ceil(daily.length / labels);
  const scale = (text: string, side: 'left' | 'right') => (
    <text
      x={side === 'left' ? pad.l - 6 : w - pad.r + 6}
      y={pad.t + 8}
      text-anchor={side === 'left' ? 'end' : 'start'}
      font-size="10"
      fill="currentColor"
      opacity="0.6"
      data-scale={side}
    >
      {text}
    </text>
  );
  return (
    <figure class={`w-full flex-col items-stretch ${cls}`} {...data}>
      <svg viewBox={`0 0 ${w} ${h}`} class="block w-full" role="img" aria-label={v.t('reports.chart_label')}>
        <line
          x1={pad.l}
          y1={pad.t + innerH}
          x2={w - pad.r}
          y2={pad.t + innerH}
          stroke="currentColor"
          stroke-opacity="0.3"
        />
        <line
          x1={pad.l}
          y1={pad.t}
          x2={w - pad.r}
          y2={pad.t}
          stroke="currentColor"
          stroke-opacity="0.1"
          stroke-dasharray="4 4"
        />
        {scale(v.t.compact(maxOrders), 'left')}
        {scale(v.t.compact(maxCents / 100), 'right')}
        {daily.map((d, i) => (
          <rect
            x={x(i)}
            y={pad.t + innerH - (d.orders / maxOrders) * innerH}
            width={barW}
            height={(d.orders / maxOrders) * innerH}
            class="fill-primary"
            opacity="0.75"
            data-day={d.day}
            data-orders={d.orders}
          >
            <title>
              {v.t('common.label_value', {
                label: v.t.date(d.day),
                value: v.t('reports.day_tooltip', { orders: d.orders, sum: v.t.money(d.cents) }),
              })}
            </title>
          </rect>
        ))}
        <polyline points={line} fill="none" class="stroke-secondary" stroke-width="2" />
        {daily.map((d, i) =>
          i % labelEvery === 0 ? (
            <text
              x={x(i) + barW / 2}
              y={h - 8}
              text-anchor="middle"
              font-size="10"
              fill="currentColor"
              opacity="0.6"
            >
              {v.t.dayMonth(d.day)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption class="flex flex-wrap gap-x-4 gap-y-1 text-xs opacity-70 mt-1">
        <span class="flex items-center gap-1">
          <span class="inline-block w-3 h-3 bg-primary opacity-75" /> {v.t('reports.orders_per_day')}
        </span>
        <span class="flex items-center gap-1">
          <span class="inline-block w-3 h-0.5 bg-secondary" /> {v.t('reports.revenue_per_day')}
        </span>
      </figcaption>
    </figure>
  );
}

/** A report's orders per day as a small filled line, for its row in the list. */
export function Sparkline({ v, daily }: { v: ViewContext; daily: DailyPoint[] }) {
  const w = 120;
  const h = 28;
  if (daily.length === 0) return <span class="opacity-40">—</span>;
  const max = Math.max(1, ...daily.map((d) => d.orders));
  const stepX = daily.length > 1 ? w / (daily.length - 1) : 0;
  const points = daily.map(
    (d, i) => `${(i * stepX).toFixed(1)},${(h - 1 - (d.orders / max) * (h - 2)).toFixed(1)}`,
  );
  const total = daily.reduce((sum, d) => sum + d.orders, 0);
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      class="inline-block align-middle"
      role="img"
      aria-label={v.t('common.label_value', {
        label: v.t('reports.orders_per_day'),
        value: v.t.number(total),
      })}
      data-sparkline
    >
      <polygon points={`0,${h} ${points.join(' ')} ${w},${h}`} class="fill-primary" opacity="0.2" />
      <polyline points={points.join(' ')} fill="none" class="stroke-primary" stroke-width="1.5" />
    </svg>
  );
}

/** A report's figures, each as a stat. */
export function Figures({ v, r }: { v: ViewContext; r: ReportRow }) {
  const stat = (label: string, value: string, key: string) => (
    <div class="stat" data-figure={key}>
      <div class="stat-title">{label}</div>
      <div class="stat-value text-2xl tabular-nums">{value}</div>
    </div>
  );
  return (
    <div class="stats stats-vertical md:stats-horizontal bg-base-100 border border-base-300 w-full">
      {stat(v.t('reports.new_orders'), v.t.number(r.newOrdersCount), 'new_orders')}
      {stat(v.t('reports.new_clients'), v.t.number(r.newClientsCount), 'new_clients')}
      {stat(v.t('reports.orders_sum'), v.t.money(r.totalOrdersCents), 'orders_sum')}
      {stat(v.t('reports.avg_order'), v.t.money(r.avgOrderCents), 'avg_order')}
      {stat(v.t('reports.completed'), v.t.number(r.completedOrdersCount), 'completed')}
    </div>
  );
}
