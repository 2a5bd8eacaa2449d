/**
 * Requests per day as bars (uPlot, drawn on a canvas), with the same numbers as a table for
 * screen readers and keyboard users.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface DailyCount {
  readonly date: string;
  readonly requests: number;
  readonly refused: number;
}

const DAY_MS = 86_400_000;

/** Every UTC day of the window, with zeros where nothing was counted, so the bars sit on a true time axis. */
export function everyDay(daily: readonly DailyCount[], since: string, until: string): DailyCount[] {
  const counted = new Map(daily.map((d) => [d.date, d]));
  const days: DailyCount[] = [];
  const last = Math.floor(Date.parse(until) / DAY_MS);
  for (let day = Math.floor(Date.parse(since) / DAY_MS); day <= last && days.length < 400; day += 1) {
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    days.push(counted.get(date) ?? { date, requests: 0, refused: 0 });
  }
  return days;
}

export function DailyChart({ daily, label, since, until }: { daily: readonly DailyCount[]; label: string; since: string; until: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null || daily.length === 0) return;
    const days = everyDay(daily, since, until);
    const xs = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { label: 'requests' }],
        series: [
          {},
          { label: 'Allowed', stroke: '#1f6feb', fill: 'rgba(31,111,235,0.35)', ...(bars !== undefined ? { paths: bars } : {}) },
          { label: 'Refused', stroke: '#b42318', fill: 'rgba(180,35,24,0.35)', ...(bars !== undefined ? { paths: bars } : {}) },
        ],
        legend: { show: true },
      },
      [xs, days.map((d) => d.requests - d.refused), days.map((d) => d.refused)],
      element,
    );
    return () => chart.destroy();
  }, [daily, since, until]);
  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label={`${label}: requests per day, as the table below`} />
      <details>
        <summary>Requests per day as a table</summary>
        <table>
          <caption className="visually-hidden">{label}</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Requests</th>
              <th scope="col">Refused</th>
            </tr>
          </thead>
          <tbody>
            {daily.map((d) => (
              <tr key={d.date}>
                <td>{d.date}</td>
                <td>{d.requests}</td>
                <td>{d.refused}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
