import type { SyntaxNode } from '@lezer/common';
import type {
  ExtractionParam,
  LabelFormatItem,
  LabelSelectorItem,
  LineFilterStage,
  LineFilterTerm,
  LogExpr,
  PipelineStage,
  SelectorMatcher,
  TemplatePart,
} from './ast.ts';
import type { BuildContext } from './buildContext.ts';
import { childrenOf, descendants, flattenList } from './buildContext.ts';
import { buildLabelFilter, buildMatcher } from './buildLabelFilter.ts';
import { parseJsonPath } from './jsonPath.ts';
import { parsePattern } from './patternExpr.ts';
import { parseTemplate } from './template.ts';

const EMPTY_COMPATIBLE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. ' +
  'For instance, app=~".*" does not meet this requirement, but app=~".+" will';

/** Builds the matchers of a `{…}` selector and checks that it selects something, as Loki requires. */
export function buildSelector(ctx: BuildContext, node: SyntaxNode): SelectorMatcher[] | undefined {
  const matchers: SelectorMatcher[] = [];
  let ok = true;
  for (const m of flattenList(node.getChild('Matchers'), 'Matchers')) {
    const built = buildMatcher(ctx, m);
    if (built) matchers.push(built);
    else ok = false;
  }
  if (!ok) return undefined;
  const selective = matchers.some(
    (m) => (m.op === '=' && m.value !== '') || (m.op === '=~' && m.regex !== undefined && !m.regex.test('')),
  );
  if (!selective) {
    ctx.errorOn(node, EMPTY_COMPATIBLE);
    return undefined;
  }
  return matchers;
}

/** Builds `{…} | stages` from a LogExpr node (or the selector and pipeline nodes of a range expression). */
export function buildLogExpr(
  ctx: BuildContext,
  selector: SyntaxNode,
  pipeline: SyntaxNode | null,
  span: { from: number; to: number },
): LogExpr | undefined {
  const matchers = buildSelector(ctx, selector);
  const stages: PipelineStage[] = [];
  let ok = matchers !== undefined;
  for (const stageNode of flattenList(pipeline, 'PipelineExpr')) {
    for (const stage of buildStage(ctx, stageNode)) {
      if (stage) stages.push(stage);
      else ok = false;
    }
  }
  if (!ok || !matchers) return undefined;
  return { kind: 'log', matchers, pipeline: stages, from: span.from, to: span.to };
}

function buildStage(ctx: BuildContext, node: SyntaxNode): (PipelineStage | undefined)[] {
  const kids = childrenOf(node).filter((k) => k.name !== 'Pipe');
  const inner = kids[0];
  if (!inner) return [undefined];
  const span = { from: node.from, to: node.to };
  switch (inner.name) {
    case 'LineFilters':
      return flattenList(inner, 'LineFilters').map((f) => buildLineFilter(ctx, f));
    case 'LabelParser':
      return [buildLabelParser(ctx, inner, span)];
    case 'LogfmtParser':
    case 'LogfmtExpressionParser':
    case 'JsonExpressionParser': {
      const flags = descendants(inner, 'ParserFlag').map((f) => ctx.src(f));
      const params = buildParams(ctx, inner, inner.name !== 'JsonExpressionParser');
      if (!params) return [undefined];
      if (inner.name === 'JsonExpressionParser') return [{ type: 'json', params, ...span }];
      return [
        {
          type: 'logfmt',
          params,
          strict: flags.includes('--strict'),
          keepEmpty: flags.includes('--keep-empty'),
          ...span,
        },
      ];
    }
    case 'LabelFilter': {
      const filter = buildLabelFilter(ctx, inner);
      return [filter && { type: 'labelFilter', filter, ...span }];
    }
    case 'LineFormatExpr': {
      const template = buildTemplate(ctx, inner.getChild('String'));
      return [template && { type: 'lineFormat', template, ...span }];
    }
    case 'LabelFormatExpr': {
      const items = buildLabelFormat(ctx, inner);
      return [items && { type: 'labelFormat', items, ...span }];
    }
    case 'DecolorizeExpr':
      return [{ type: 'decolorize', ...span }];
    case 'DropLabelsExpr':
    case 'KeepLabelsExpr': {
      const labels = buildLabelList(ctx, inner);
      return [labels && { type: inner.name === 'DropLabelsExpr' ? 'drop' : 'keep', labels, ...span }];
    }
    default:
      ctx.errorOn(inner, `unsupported pipeline stage ${JSON.stringify(ctx.src(inner))}`);
      return [undefined];
  }
}

function buildLineFilter(ctx: BuildContext, node: SyntaxNode): LineFilterStage | undefined {
  const op = node.getChild('Filter')?.firstChild?.name;
  if (node.getChild('FilterOp')) {
    ctx.errorOn(node, 'ip() line filters are not supported in this game yet: use |= or |~ instead');
    return undefined;
  }
  const terms: LineFilterTerm[] = [];
  for (const s of descendants(node, 'String')) {
    if (op === 'PipeMatch' || op === 'Nre') {
      const re = ctx.regex(s, false);
      if (!re) return undefined;
      terms.push({ kind: 'regex', regex: re.regex });
    } else if (op === 'PipePattern' || op === 'Npa') {
      const text = ctx.string(s);
      if (text === undefined) return undefined;
      const p = parsePattern(text, false);
      if (!p.ok) {
        ctx.errorOn(s, p.message);
        return undefined;
      }
      terms.push({ kind: 'pattern', pattern: p.pattern });
    } else {
      const text = ctx.string(s);
      if (text === undefined) return undefined;
      terms.push({ kind: 'contains', text });
    }
  }
  const negate = op === 'Neq' || op === 'Nre' || op === 'Npa';
  return { type: 'lineFilter', negate, terms, from: node.from, to: node.to };
}

function buildLabelParser(
  ctx: BuildContext,
  node: SyntaxNode,
  span: { from: number; to: number },
): PipelineStage | undefined {
  const kind = node.firstChild?.name;
  const arg = node.getChild('String');
  if (kind === 'Json') return { type: 'json', params: [], ...span };
  if (kind === 'Logfmt') return { type: 'logfmt', params: [], strict: false, keepEmpty: false, ...span };
  if (kind === 'Unpack') return { type: 'unpack', ...span };
  if (kind === 'Regexp') {
    const re = ctx.regex(arg, false);
    if (!re) return undefined;
    const names = re.regex.names;
    if (names.length === 0) {
      ctx.errorOn(node, 'at least one named capture must be supplied, such as (?P<status>\\d+)');
      return undefined;
    }
    return { type: 'regexp', regex: re.regex, names, ...span };
  }
  if (kind === 'Pattern') {
    const text = ctx.string(arg);
    if (text === undefined || !arg) return undefined;
    const p = parsePattern(text, true);
    if (!p.ok) {
      ctx.errorOn(arg, p.message);
      return undefined;
    }
    return { type: 'pattern', pattern: p.pattern, ...span };
  }
  ctx.errorOn(node, 'expected a parser: json, logfmt, regexp, pattern or unpack');
  return undefined;
}

function buildParams(ctx: BuildContext, node: SyntaxNode, logfmt: boolean): ExtractionParam[] | undefined {
  const params: ExtractionParam[] = [];
  for (const e of descendants(node, 'LabelExtractionExpression')) {
    const label = ctx.src(e.getChild('Identifier') ?? e);
    const strNode = e.getChild('String');
    const expr = strNode ? ctx.string(strNode) : label;
    if (expr === undefined) return undefined;
    if (logfmt) {
      params.push({ label, path: [expr] });
      continue;
    }
    const path = parseJsonPath(expr);
    if (!path.ok) {
      ctx.errorOn(strNode ?? e, `cannot parse expression [${expr}]: ${path.message}`);
      return undefined;
    }
    params.push({ label, path: path.path });
  }
  return params;
}

function buildTemplate(ctx: BuildContext, node: SyntaxNode | null): TemplatePart[] | undefined {
  const text = ctx.string(node);
  if (text === undefined || !node) return undefined;
  const t = parseTemplate(text);
  if (t.ok) return [...t.parts];
  // The offset is into the unquoted text; escapes can shift it a little, so keep it inside the literal.
  const at = Math.min(node.from + 1 + t.offset, node.to);
  ctx.error(at, node.to, `template error: ${t.message}`);
  return undefined;
}

function buildLabelFormat(ctx: BuildContext, node: SyntaxNode): LabelFormatItem[] | undefined {
  const items: LabelFormatItem[] = [];
  const seen = new Set<string>();
  for (const m of descendants(node, 'LabelFormatMatcher')) {
    const ids = m.getChildren('Identifier');
    const target = ctx.src(ids[0]!);
    if (seen.has(target)) {
      ctx.errorOn(m, `multiple label name '${target}' not allowed in a single format operation`);
      return undefined;
    }
    seen.add(target);
    const str = m.getChild('String');
    if (str) {
      const template = buildTemplate(ctx, str);
      if (!template) return undefined;
      items.push({ kind: 'template', target, template });
    } else if (ids[1]) {
      items.push({ kind: 'rename', target, source: ctx.src(ids[1]) });
    }
  }
  return items;
}

function buildLabelList(ctx: BuildContext, node: SyntaxNode): LabelSelectorItem[] | undefined {
  const items: LabelSelectorItem[] = [];
  for (const d of [...descendants(node, 'DropLabel'), ...descendants(node, 'KeepLabel')]) {
    const matcherNode = d.getChild('Matcher');
    if (matcherNode) {
      const matcher = buildMatcher(ctx, matcherNode);
      if (!matcher) return undefined;
      items.push({ name: matcher.name, matcher });
    } else items.push({ name: ctx.src(d) });
  }
  return items;
}
