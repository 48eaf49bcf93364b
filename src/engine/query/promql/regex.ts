/**
 * Compiles a label-matcher regex the way Prometheus does: fully anchored, `.` matching newlines.
 * Prometheus uses Go's RE2 syntax; the common difference is a leading flag group such as `(?i)`,
 * which JavaScript spells as a flag, so it is translated here. Returns an error message instead of
 * throwing for patterns JavaScript cannot read.
 */
export function compileLabelRegex(pattern: string): RegExp | string {
  let flags = 's';
  let body = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    if (lead[1]!.includes('i')) flags += 'i';
    if (lead[1]!.includes('m')) flags += 'm';
    body = body.slice(lead[0].length);
  }
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (e) {
    return `invalid regular expression "${pattern}": ${(e as Error).message}`;
  }
}
