/** A set of labels, as in Prometheus and Loki: name → value. `__name__` holds a metric's name. */
export type Labels = Readonly<Record<string, string>>;

/** A stable text key for a label set: sorted `name="value"` pairs, as Prometheus prints them. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  // Joined in one go: a key built with `+=` is a rope of a few dozen pieces, which a world's thousands of
  // series keep (about 850 bytes a key on the bench's world against 200 flat).
  const parts: string[] = ['{'];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (i > 0) parts.push(',');
    parts.push(name, '=', JSON.stringify(labels[name]));
  }
  parts.push('}');
  return parts.join('');
}

/** `{service="cart", status="500"}`, as Prometheus prints a series; `{}` for none. */
export function seriesName(labels: Labels): string {
  const { __name__: name, ...rest } = labels;
  const inner = Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return `${name ?? ''}{${inner}}`;
}

/** The same label set with `__name__` removed (what aggregations and most functions return). */
export function withoutName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _dropped, ...rest } = labels;
  return rest;
}

/** Interns strings so repeated label values and names share one copy. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  get(id: number): string {
    return this.values[id]!;
  }
}
