import { useEffect, useRef, useState } from 'preact/hooks';
import type { QueryEditorHandle, QueryEditorOptions } from './codemirror.ts';

/** Props of {@link QueryEditor}: the text, what to do as it changes and when it runs, and its language. */
export interface QueryEditorProps {
  readonly value: string;
  readonly label: string;
  readonly hint: string;
  readonly onChange: (text: string) => void;
  readonly onRun: () => void;
  readonly language: QueryEditorOptions['language'];
}

/**
 * A query editor. CodeMirror loads in its own chunk when the first editor appears; until then a plain text
 * field with the same name and keys does the job, so the panel is usable at once.
 */
export function QueryEditor(props: QueryEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<QueryEditorHandle | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;
  const [loaded, setLoaded] = useState(false);
  // Texts the editor reported: the store echoes each back a frame or more later, when the person may have
  // typed on, so only a text the editor never had (the service picker, "Line contains") replaces its own.
  const reported = useRef(new Set([props.value]));

  useEffect(() => {
    let cancelled = false;
    void import('./codemirror.ts').then(({ createQueryEditor }) => {
      if (cancelled || !host.current) return;
      const hadFocus = document.activeElement?.closest('.query-editor') === host.current.parentElement;
      editor.current = createQueryEditor(host.current, {
        doc: latest.current.value,
        label: latest.current.label,
        hint: latest.current.hint,
        language: latest.current.language,
        onChange: (text) => {
          if (reported.current.size > 500) reported.current.clear();
          reported.current.add(text);
          latest.current.onChange(text);
        },
        onRun: () => latest.current.onRun(),
      });
      setLoaded(true);
      if (hadFocus) editor.current.focus();
    });
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (reported.current.has(props.value)) return;
    reported.current = new Set([props.value]);
    editor.current?.setValue(props.value);
  }, [props.value]);

  return (
    <div class="query-editor">
      <div ref={host} class="query-editor-host" />
      {!loaded && (
        <textarea
          class="query-fallback"
          aria-label={props.label}
          data-shortcut="query"
          rows={1}
          spellcheck={false}
          placeholder={props.hint}
          value={props.value}
          onInput={(e) => props.onChange((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              props.onRun();
            }
          }}
        />
      )}
    </div>
  );
}
