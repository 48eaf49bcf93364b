/**
 * The scenario an author asked to preview with `?preview=scenarios/<file>.yaml` or `?preview=<id>`, as a
 * scenario id. The game's scenario files are named for their id, so the file's name
 * without its folder and extension is the id. Undefined when the page was opened without the parameter.
 */
export function previewTarget(search: string): string | undefined {
  const value = new URLSearchParams(search).get('preview');
  if (!value) return undefined;
  const name = value.split('/').pop() ?? value;
  return name.replace(/\.ya?ml$/, '') || undefined;
}
