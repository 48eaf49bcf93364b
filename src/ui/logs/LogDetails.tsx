import type { LogEvidence } from '../../engine/investigation/evidence.ts';
import type { LogRow } from '../../engine/views/logExplore.ts';
import { parseLogFields, traceIdIn } from './logFields.ts';

interface LogDetailsProps {
  readonly evidence: LogEvidence;
  readonly row: LogRow;
  readonly pinned: boolean;
  readonly onPin: () => void;
  readonly onClose: () => void;
  /** Opens a trace by its id in the traces tool. */
  readonly onOpenTrace?: (traceId: string) => void;
  /** Writes the line's moment, with its date in a window of days. */
  readonly moment: (ms: number) => string;
}

/**
 * One opened line: its stream labels, its JSON or logfmt fields (a trace id opens its trace), the whole
 * text, and a pin.
 */
export function LogDetails({ evidence, row, pinned, onPin, onClose, onOpenTrace, moment }: LogDetailsProps) {
  const { format, fields } = parseLogFields(evidence.line);
  return (
    <section class="log-details" aria-label="Log line details">
      <header>
        <strong class="grow">
          {evidence.service} at {moment(evidence.tsMs)}
        </strong>
        <span class="muted">{format === 'text' ? 'plain text' : `${format} fields`}</span>
        <button type="button" class="primary" disabled={pinned} onClick={onPin}>
          {pinned ? 'Pinned' : 'Pin this line'}
        </button>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </header>
      <table class="fields">
        <caption class="muted">Labels and fields</caption>
        <tbody>
          {Object.entries(row.labels).map(([k, v]) => (
            <tr key={`label-${k}`} class="label-row">
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
          {fields.map(([k, v], i) => {
            const traceId = onOpenTrace ? traceIdIn(k, v) : undefined;
            return (
              <tr key={`field-${k}-${i}`}>
                <th scope="row">{k}</th>
                <td>
                  <code>{v}</code>
                  {traceId && (
                    <button
                      type="button"
                      class="link trace-link"
                      aria-label={`Open trace ${traceId} in Traces`}
                      onClick={() => onOpenTrace?.(traceId)}
                    >
                      Open trace
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <pre class="full-line">{evidence.line}</pre>
    </section>
  );
}
