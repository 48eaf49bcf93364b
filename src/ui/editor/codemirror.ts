import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  completionStatus,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, insertNewline } from '@codemirror/commands';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { linter } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { MetricIndex } from '../../engine/views/metricIndex.ts';
import type { LabelIndex } from './logqlComplete.ts';
import { logql, logqlLinter } from './logqlLanguage.ts';
import { promql } from './promqlLanguage.ts';

/** What a query editor needs from the panel that hosts it. */
export interface QueryEditorOptions {
  readonly doc: string;
  /** The accessible name of the editor, e.g. "LogQL query". */
  readonly label: string;
  readonly hint: string;
  readonly onChange: (text: string) => void;
  /** Enter (or Ctrl/Cmd-Enter) runs the query; Shift-Enter adds a line. */
  readonly onRun: () => void;
  /** The query language: LogQL with the log labels, PromQL with the world's metric index, or any extension. */
  readonly language:
    | { readonly kind: 'logql'; readonly labels: () => LabelIndex }
    | { readonly kind: 'promql'; readonly index: () => Promise<MetricIndex> }
    | Extension;
}

/** A live editor: the panel sets its text when another control changes the query. */
export interface QueryEditorHandle {
  setValue(text: string): void;
  focus(): void;
  destroy(): void;
}

const highlight = HighlightStyle.define([
  { tag: t.labelName, color: '#8ab4ff' },
  { tag: t.string, color: '#a5d6a7' },
  { tag: t.number, color: '#ffcc80' },
  { tag: [t.keyword, t.operator, t.compareOperator], color: '#ce93d8' },
  { tag: t.function(t.variableName), color: '#80deea' },
  { tag: t.lineComment, color: '#8b95ab', fontStyle: 'italic' },
]);

const theme = EditorView.theme(
  {
    '&': { backgroundColor: '#0b0f17', color: '#d8deea', border: '1px solid #263049', borderRadius: '6px' },
    '&.cm-focused': { outline: '2px solid #ffc857', outlineOffset: '1px' },
    '.cm-content': { fontFamily: 'ui-monospace, "JetBrains Mono", Menlo, monospace', fontSize: '13px' },
    '.cm-cursor': { borderLeftColor: '#ffc857' },
    '.cm-tooltip': { backgroundColor: '#182033', border: '1px solid #263049', color: '#d8deea' },
    '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: '#4c6fff', color: '#fff' },
    '.cm-placeholder': { color: '#8b95ab' },
  },
  { dark: true },
);

function languageOf(language: QueryEditorOptions['language']): Extension {
  if (!('kind' in language)) return language;
  if (language.kind === 'logql') return [logql(language.labels), linter(logqlLinter, { delay: 300 })];
  if (language.kind === 'promql') return promql(language.index);
  return language as Extension;
}

/** Creates a one-query editor in `parent`: highlighting, completion, lint, history, Enter to run. */
export function createQueryEditor(parent: HTMLElement, opts: QueryEditorOptions): QueryEditorHandle {
  let applying = false;
  const language = languageOf(opts.language);
  // Enter picks a completion while the list is open, and runs the query otherwise.
  const run = (v: EditorView) => {
    if (completionStatus(v.state) === 'active') return false;
    opts.onRun();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        Prec.highest(
          keymap.of([
            { key: 'Enter', run },
            { key: 'Mod-Enter', run },
            { key: 'Shift-Enter', run: insertNewline },
          ]),
        ),
        history(),
        closeBrackets(),
        autocompletion({ activateOnTyping: true }),
        keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap]),
        syntaxHighlighting(highlight),
        theme,
        placeholder(opts.hint),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          'aria-label': opts.label,
          'data-shortcut': 'query',
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !applying) opts.onChange(u.state.doc.toString());
        }),
        language,
      ],
    }),
  });
  return {
    setValue(text) {
      if (text === view.state.doc.toString()) return;
      applying = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      applying = false;
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
