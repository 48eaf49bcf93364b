import type { ToolResult } from '../../engine/investigation/tools.ts';

/**
 * What an answer may be missing (a tool that depended on a failing component): "no data from 02:10 to
 * 02:25 UTC", "log lines from 02:15 UTC on are still arriving", as Grafana notes it under a panel.
 */
export function QueryNotices({ result }: { result: ToolResult | undefined }) {
  const notices = result?.ok ? (result.notices ?? []) : [];
  if (notices.length === 0) return null;
  return (
    <ul class="query-notices">
      {notices.map((notice) => (
        <li key={notice}>{notice}</li>
      ))}
    </ul>
  );
}
