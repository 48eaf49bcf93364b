import { javascript } from '@codemirror/lang-javascript';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { unifiedMergeView } from '@codemirror/merge';
import type { Extension } from '@codemirror/state';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.operator, t.controlKeyword, t.modifier], color: '#ce93d8' },
  { tag: [t.string, t.special(t.string)], color: '#a5d6a7' },
  { tag: [t.number, t.bool, t.null], color: '#ffcc80' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: '#80deea' },
  { tag: [t.typeName, t.className], color: '#8ab4ff' },
  { tag: [t.lineComment, t.blockComment], color: '#8b95ab', fontStyle: 'italic' },
  { tag: t.propertyName, color: '#d8deea' },
]);

const theme = EditorView.theme(
  {
    '&': { backgroundColor: '#0b0f17', color: '#d8deea', border: '1px solid #263049', borderRadius: '6px' },
    '.cm-content': { fontFamily: 'ui-monospace, "JetBrains Mono", Menlo, monospace', fontSize: '12.5px' },
    '.cm-gutters': {
      backgroundColor: '#0f1420',
      color: '#8b95ab',
      border: 'none',
      fontFamily: 'ui-monospace, "JetBrains Mono", Menlo, monospace',
      fontSize: '12.5px',
    },
    '.cm-scroller': { maxHeight: '60vh', overflow: 'auto' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: '#4c6fff55' },
  },
  { dark: true },
);

function languageOf(path: string): Extension {
  if (/\.(ts|tsx|mts|cts)$/.test(path)) return javascript({ typescript: true, jsx: path.endsWith('x') });
  if (/\.(js|jsx|mjs|cjs|json)$/.test(path)) return javascript({ jsx: path.endsWith('x') });
  if (/\.ya?ml$/.test(path)) return yaml();
  return [];
}

/** Reports the lines a selection covers; a selection that ends at the start of a line does not take it. */
function selectedLines(onSelect: (lines: readonly [number, number]) => void): Extension {
  return EditorView.updateListener.of((u) => {
    if (!u.selectionSet) return;
    const { from, to } = u.state.selection.main;
    const a = u.state.doc.lineAt(from).number;
    const endLine = u.state.doc.lineAt(to);
    const b = to > from && endLine.from === to ? endLine.number - 1 : endLine.number;
    onSelect([a, Math.max(a, b)]);
  });
}

/** A read-only file view: highlighted by its extension, line numbers, and the selected lines reported. */
export function createCodeViewer(
  parent: HTMLElement,
  opts: { doc: string; path: string; label: string; onSelect: (lines: readonly [number, number]) => void },
): { destroy(): void } {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        EditorState.readOnly.of(true),
        lineNumbers(),
        syntaxHighlighting(highlight),
        theme,
        languageOf(opts.path),
        EditorView.contentAttributes.of({ 'aria-label': opts.label }),
        selectedLines(opts.onSelect),
      ],
    }),
  });
  return { destroy: () => view.destroy() };
}

const diffTheme = EditorView.theme(
  {
    '.cm-changedLine': { backgroundColor: '#4fd18b1f' },
    '.cm-changedText': { backgroundColor: '#4fd18b44' },
    '.cm-deletedChunk': { backgroundColor: '#ff6b6b1f' },
    '.cm-deletedChunk .cm-deletedText': { backgroundColor: '#ff6b6b44' },
    '.cm-changeGutter': { width: '3px', paddingLeft: '1px' },
    '.cm-changedLineGutter': { backgroundColor: '#4fd18b' },
    '.cm-deletedLineGutter': { backgroundColor: '#ff6b6b' },
    '.cm-collapsedLines': { color: '#8b95ab', backgroundColor: '#0f1420', fontSize: '12px' },
  },
  { dark: true },
);

/**
 * A commit's change to one file as a unified merge view: the file after the commit, with the lines it
 * removed shown above the lines that replaced them, unchanged stretches folded. Read-only; the selected
 * lines (of the file after the commit) are reported so they can be pinned.
 */
export function createDiffViewer(
  parent: HTMLElement,
  opts: {
    before: string;
    after: string;
    path: string;
    label: string;
    onSelect: (lines: readonly [number, number]) => void;
  },
): { destroy(): void } {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.after,
      extensions: [
        EditorState.readOnly.of(true),
        lineNumbers(),
        syntaxHighlighting(highlight),
        theme,
        diffTheme,
        languageOf(opts.path),
        unifiedMergeView({
          original: opts.before,
          mergeControls: false,
          gutter: true,
          syntaxHighlightDeletions: true,
          collapseUnchanged: { margin: 3, minSize: 6 },
        }),
        EditorView.contentAttributes.of({ 'aria-label': opts.label }),
        selectedLines(opts.onSelect),
      ],
    }),
  });
  return { destroy: () => view.destroy() };
}
