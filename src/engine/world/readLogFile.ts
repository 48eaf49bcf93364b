import type { Labels } from './labels.ts';
import { LogStore } from './logStore.ts';

const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** The time a log line states, in the formats services commonly write, or undefined. */
export function lineTimestamp(line: string): number | undefined {
  // RFC 3339 anywhere near the start: JSON `"ts":"…"`, logfmt `ts=…`, or a bare prefix.
  const iso = /(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))/.exec(
    line.slice(0, 200),
  );
  if (iso) {
    const ms = Date.parse(iso[1]!.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return ms;
  }
  // nginx/Apache `[25/Oct/2026:01:02:03 +0000]`.
  const clf = /\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{2})(\d{2})\]/.exec(line);
  if (clf && MONTHS[clf[2]!]) {
    const ms = Date.parse(
      `${clf[3]}-${MONTHS[clf[2]!]}-${clf[1]}T${clf[4]}:${clf[5]}:${clf[6]}${clf[7]}:${clf[8]}`,
    );
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}

/** Parses the `{name="value",…} ` prefix that `twoam export` writes in `logs.log`. */
function labelPrefix(line: string): { labels: Labels; rest: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  const labels: Record<string, string> = {};
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*([,}])/y;
  let pos = 1;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (!m) return undefined;
    labels[m[1]!] = JSON.parse(`"${m[2]}"`) as string;
    pos = re.lastIndex;
    if (m[3] === '}') break;
  }
  return { labels, rest: line.slice(pos).replace(/^ /, '') };
}

/**
 * Reads a plain log file into a store: one entry per line, with `labels` as its stream. A line's time is the
 * one it states; a line that states none (a stack-trace line, say) takes the time of the line before it.
 * Lines of a `twoam export` `logs.log` keep their own stream labels and have `\n` escapes restored.
 */
export function readLogFile(text: string, labels: Labels): LogStore {
  const store = new LogStore();
  let lastTs = 0;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const raw of lines) {
    const prefixed = labelPrefix(raw);
    const line = prefixed ? prefixed.rest.replace(/\\n/g, '\n') : raw;
    const ts = lineTimestamp(line) ?? lastTs;
    lastTs = ts;
    store.append(prefixed ? { ...labels, ...prefixed.labels } : labels, ts, line);
  }
  store.seal();
  return store;
}
