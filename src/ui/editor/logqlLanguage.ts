import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { LanguageSupport, LRLanguage } from '@codemirror/language';
import type { Diagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import { parser } from '@grafana/lezer-logql';
import { styleTags, tags as t } from '@lezer/highlight';
import { parseLogQL } from '../../engine/query/logql/index.ts';
import type { LabelIndex } from './logqlComplete.ts';
import { logqlCompletions } from './logqlComplete.ts';

// Grafana's grammar carries no highlighting; these tags colour it the way Grafana's Explore does.
const logqlParser = parser.configure({
  props: [
    styleTags({
      'Identifier LabelName GroupingLabel': t.labelName,
      String: t.string,
      'Number Duration Bytes Range': t.number,
      LineComment: t.lineComment,
      'Eq Neq Re Nre Gtr Gte Lss Lte Eql': t.compareOperator,
      'PipeExact PipeMatch PipePattern Npa Pipe': t.operator,
      'Add Sub Mul Div Mod Pow': t.arithmeticOperator,
      'And Or Unless Bool On Ignoring GroupLeft GroupRight By Without Offset': t.keyword,
      'Json Logfmt Unpack Pattern Regexp Unwrap LabelFormat LineFormat LabelReplace Decolorize Drop Keep Ip':
        t.keyword,
      'Sum Avg Count Max Min Stddev Stdvar Bottomk Topk Sort Sort_Desc Vector': t.function(t.variableName),
      'CountOverTime Rate RateCounter BytesOverTime BytesRate AvgOverTime SumOverTime MinOverTime MaxOverTime StddevOverTime StdvarOverTime QuantileOverTime FirstOverTime LastOverTime AbsentOverTime':
        t.function(t.variableName),
      '( )': t.paren,
      '{ }': t.brace,
      '[ ]': t.squareBracket,
    }),
  ],
});

/** LogQL for CodeMirror: Grafana's own grammar, so what parses here parses in Loki. */
export const logqlLanguage = LRLanguage.define({
  name: 'logql',
  parser: logqlParser,
  languageData: { closeBrackets: { brackets: ['(', '[', '{', '"', '`'] } },
});

/** Completion of label names, label values, pipeline stages and functions from the world's streams. */
export function logqlCompletionSource(labels: () => LabelIndex) {
  return (context: CompletionContext): CompletionResult | null => {
    const before = context.state.sliceDoc(0, context.pos);
    const found = logqlCompletions(before, labels());
    if (!found || (found.from === context.pos && !context.explicit && !/[{,|"]\s*$/.test(before)))
      return null;
    return {
      from: found.from,
      options: found.options.map((o) => ({
        label: o.label,
        type: o.type,
        ...(o.apply ? { apply: o.apply } : {}),
        ...(o.detail ? { detail: o.detail } : {}),
      })),
      validFor: /^[\w-]*$/,
    };
  };
}

/** The engine's own parse errors, shown under the text they point at. */
export function logqlLinter(view: EditorView): Diagnostic[] {
  const text = view.state.doc.toString();
  if (!text.trim()) return [];
  return parseLogQL(text).diagnostics.map((d) => ({
    from: Math.min(d.from, text.length),
    to: Math.min(Math.max(d.to, d.from), text.length),
    severity: d.severity,
    message: d.message,
  }));
}

/** The LogQL language with its completion, ready to add to an editor. */
export function logql(labels: () => LabelIndex): LanguageSupport {
  return new LanguageSupport(logqlLanguage, [
    logqlLanguage.data.of({ autocomplete: logqlCompletionSource(labels) }),
  ]);
}
