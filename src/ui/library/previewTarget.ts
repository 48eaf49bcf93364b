/** Parameters of a game day page (`?join=`, `?gameday=`): author tools never open there. */
const GAMEDAY_PARAMS = ['join', 'gameday'] as const;

/**
 * The scenario an author asked to preview with `?preview=scenarios/<file>.yaml` or `?preview=<id>`, as a
 * scenario id. The game's scenario files are named for their id, so the file's name
 * without its folder and extension is the id. Undefined when the page was opened without the parameter,
 * and on a game day page, where the preview would show a player the hidden truth.
 */
export function previewTarget(search: string): string | undefined {
  const params = new URLSearchParams(search);
  if (GAMEDAY_PARAMS.some((name) => params.has(name))) return undefined;
  const value = params.get('preview');
  if (!value) return undefined;
  const name = value.split('/').pop() ?? value;
  return name.replace(/\.ya?ml$/, '') || undefined;
}
