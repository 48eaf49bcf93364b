import type { ActionLog } from '../../engine/investigation/actions.ts';
import { ActionLogSchema } from '../../engine/investigation/actions.ts';
import type { Session } from '../../state/session.ts';

/** The file name an exported action log is saved under. */
export function actionLogFileName(scenarioId: string): string {
  return `2am-${scenarioId}-actions.json`;
}

/** Saves the investigation's action log as JSON (`ActionLogSchema`), to score or replay elsewhere. */
export function downloadActionLog(session: Session): void {
  const { scenario, actions } = session.store.getState();
  if (!scenario) return;
  // Parsing checks the log against the schema readers use, so a file that downloads is a file that loads.
  const parsed = ActionLogSchema.safeParse({ scenarioId: scenario.id, actions });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    session.store
      .getState()
      .notify(
        `The action log could not be exported: ${issue?.path.join('.') ?? 'the log'}: ${issue?.message ?? 'invalid'}.`,
      );
    return;
  }
  const log: ActionLog = parsed.data;
  const url = URL.createObjectURL(new Blob([JSON.stringify(log, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = actionLogFileName(scenario.id);
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has read the blob once the click is handled; free it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A button that downloads the action log. */
export function ExportLogButton({ session }: { session: Session }) {
  return (
    <button type="button" class="export-log" onClick={() => downloadActionLog(session)}>
      Export action log
    </button>
  );
}
