/** One axis of a radar: its label and a value from 0 to 1. */
export interface RadarAxis {
  readonly label: string;
  readonly value: number;
}

// Wider than tall: the labels of the side axes run outwards.
const WIDTH = 214;
const HEIGHT = 150;
const CENTRE = WIDTH / 2;
const MIDDLE = HEIGHT / 2;
const RADIUS = 50;

function point(i: number, n: number, r: number): readonly [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [CENTRE + r * Math.cos(angle), MIDDLE + r * Math.sin(angle)];
}

const polygon = (points: readonly (readonly [number, number])[]) =>
  points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

/**
 * A radar chart of values from 0 to 1, drawn in SVG with its rings at a quarter, half and three quarters.
 * The chart is an image for the eye; `title` names it and the caller gives the same figures as text.
 */
export function Radar({ title, axes }: { title: string; axes: readonly RadarAxis[] }) {
  const n = axes.length;
  const clamp = (v: number) => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  return (
    <svg
      class="radar"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={title}
    >
      {[0.25, 0.5, 0.75, 1].map((ring) => (
        <polygon
          key={ring}
          class="radar-ring"
          points={polygon(axes.map((_, i) => point(i, n, RADIUS * ring)))}
        />
      ))}
      {axes.map((axis, i) => {
        const [x, y] = point(i, n, RADIUS);
        const [lx, ly] = point(i, n, RADIUS + 10);
        const anchor = Math.abs(lx - CENTRE) < 4 ? 'middle' : lx < CENTRE ? 'end' : 'start';
        return (
          <g key={axis.label}>
            <line class="radar-axis" x1={CENTRE} y1={MIDDLE} x2={x} y2={y} />
            <text class="radar-label" x={lx} y={ly} text-anchor={anchor} dominant-baseline="middle">
              {axis.label}
            </text>
          </g>
        );
      })}
      <polygon
        class="radar-value"
        points={polygon(axes.map((axis, i) => point(i, n, RADIUS * clamp(axis.value))))}
      />
    </svg>
  );
}
