import type { LogEvidence } from '../../engine/investigation/evidence.ts';
import type { LogRow } from '../../engine/views/logExplore.ts';
import { clockTime } from '../shell/format.ts';
import { parseLogFields } from './logFields.ts';

interface LogDetailsProps {
  readonly evidence: LogEvidence;
  readonly row: LogRow;
  readonly pinned: boolean;
  readonly onPin: () => void;
  readonly onClose: () => void;
}

/** One opened line: its stream labels, its JSON or logfmt fields, the whole text, and a pin. */
export function LogDetails({ evidence, row, pinned, onPin, onClose }: LogDetailsProps) {
  const { format, fields } = parseLogFields(evidence.line);
  return (
    <section class="log-details" aria-label="Log line details">
      <header>
        <strong class="grow">
          {evidence.service} at {clockTime(evidence.tsMs)}
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
          {fields.map(([k, v], i) => (
            <tr key={`field-${k}-${i}`}>
              <th scope="row">{k}</th>
              <td>
                <code>{v}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <pre class="full-line">{evidence.line}</pre>
    </section>
  );
}
