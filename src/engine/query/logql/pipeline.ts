import type { Labels } from '../../world/labels.ts';
import type { LabelSelectorItem, LineFilterStage, PipelineStage } from './ast.ts';
import { applyJson, applyJsonParams, applyUnpack } from './jsonParser.ts';
import { compileLabelFilter, compileValueTest } from './labelFilter.ts';
import { applyLogfmt } from './logfmtParser.ts';
import { fitsPattern, matchPattern } from './patternExpr.ts';
import type { BaseNames, MutableLabels } from './pipelineLabels.ts';
import { baseNames, ERROR_DETAILS_LABEL, ERROR_LABEL, labelsToMap, setExtracted } from './pipelineLabels.ts';
import { renderTemplate } from './template.ts';

/** A line and its labels after the pipeline. */
export interface ProcessedLine {
  readonly line: string;
  readonly labels: MutableLabels;
}

/** One compiled stage: returns the (possibly rewritten) line, or undefined to drop it. */
type Step = (line: string, labels: MutableLabels, base: BaseNames, tsMs: number) => string | undefined;

/**
 * A compiled pipeline, split for speed: `lineTest` holds the line filters that come before any stage that
 * reads or changes labels, so a scan can reject most lines without allocating; `steps` is the rest.
 */
export interface CompiledPipeline {
  readonly lineTest?: (line: string) => boolean;
  /**
   * Text every line that passes `lineTest` contains (from a leading `|= "text"`), so a scan may look for it
   * in many lines at once before testing a line; `lineTest` still decides.
   */
  readonly needle?: string;
  /** True when later stages may change labels or the line; false means labels are the stream's own. */
  readonly hasSteps: boolean;
  /** Runs the stages after `lineTest` (the caller has already applied it); labels start as the stream's. */
  run(line: string, base: Labels, tsMs: number): ProcessedLine | undefined;
}

/** Compiles one line filter into a predicate on the line text. */
export function compileLineFilter(f: LineFilterStage): (line: string) => boolean {
  const tests = f.terms.map((t): ((line: string) => boolean) => {
    if (t.kind === 'contains') {
      const text = t.text;
      return (line) => line.includes(text);
    }
    if (t.kind === 'pattern') {
      const pattern = t.pattern;
      return (line) => fitsPattern(pattern, line);
    }
    const re = t.regex;
    return (line) => re.test(line);
  });
  const any = tests.length === 1 ? tests[0]! : (line: string) => tests.some((test) => test(line));
  return f.negate ? (line) => !any(line) : any;
}

function andAll(tests: ((line: string) => boolean)[]): ((line: string) => boolean) | undefined {
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (line) => {
    for (const t of tests) if (!t(line)) return false;
    return true;
  };
}

// Built from a string because a literal ESC character in a regex literal reads as a typo.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

function labelSelector(
  items: readonly LabelSelectorItem[],
): (name: string, labels: MutableLabels) => boolean {
  const byName = new Map<string, ((value: string) => boolean)[]>();
  for (const item of items) {
    const list = byName.get(item.name) ?? [];
    list.push(item.matcher ? compileValueTest(item.matcher) : () => true);
    byName.set(item.name, list);
  }
  return (name, labels) => byName.get(name)?.some((t) => t(labels.get(name) ?? '')) ?? false;
}

function compileStep(stage: PipelineStage): Step {
  switch (stage.type) {
    case 'lineFilter': {
      const test = compileLineFilter(stage);
      return (line) => (test(line) ? line : undefined);
    }
    case 'json': {
      const params = stage.params;
      if (params.length > 0)
        return (line, labels, base) => {
          applyJsonParams(line, params, labels, base);
          return line;
        };
      return (line, labels, base) => {
        applyJson(line, labels, base);
        return line;
      };
    }
    case 'logfmt':
      return (line, labels, base) => {
        applyLogfmt(line, stage, labels, base);
        return line;
      };
    case 'unpack':
      return (line, labels, base) => applyUnpack(line, labels, base);
    case 'regexp': {
      const re = stage.regex;
      return (line, labels, base) => {
        const groups = re.exec(line)?.groups;
        if (groups)
          for (const [k, v] of Object.entries(groups)) if (v !== undefined) setExtracted(labels, base, k, v);
        return line;
      };
    }
    case 'pattern': {
      const p = stage.pattern;
      return (line, labels, base) => {
        for (const [k, v] of matchPattern(p, line) ?? []) setExtracted(labels, base, k, v);
        return line;
      };
    }
    case 'labelFilter': {
      const test = compileLabelFilter(stage.filter);
      return (line, labels) => (test(labels) ? line : undefined);
    }
    case 'lineFormat': {
      const t = stage.template;
      return (line, labels, _base, ts) => renderTemplate(t, labels, line, ts);
    }
    case 'labelFormat': {
      const items = stage.items;
      return (line, labels, _base, ts) => {
        // Every template sees the labels as they were before this stage, as in Loki.
        const snapshot = new Map(labels);
        for (const item of items) {
          if (item.kind === 'template')
            labels.set(item.target, renderTemplate(item.template, snapshot, line, ts));
          else {
            const v = snapshot.get(item.source);
            if (v === undefined) continue;
            if (item.source !== item.target) labels.delete(item.source);
            labels.set(item.target, v);
          }
        }
        return line;
      };
    }
    case 'drop': {
      const selected = labelSelector(stage.labels);
      return (line, labels) => {
        for (const name of [...labels.keys()]) if (selected(name, labels)) labels.delete(name);
        return line;
      };
    }
    case 'keep': {
      const selected = labelSelector(stage.labels);
      return (line, labels) => {
        // Error labels survive `keep`, as in Loki, so a failed parse is never hidden by accident.
        for (const name of [...labels.keys()])
          if (!selected(name, labels) && name !== ERROR_LABEL && name !== ERROR_DETAILS_LABEL)
            labels.delete(name);
        return line;
      };
    }
    case 'decolorize':
      return (line) => line.replace(ANSI, '');
  }
}

/** The text of the first filter that keeps only lines containing one non-empty text (`|= "text"`). */
function requiredText(filters: readonly LineFilterStage[]): string | undefined {
  for (const f of filters) {
    const t = f.terms[0];
    if (!f.negate && f.terms.length === 1 && t?.kind === 'contains' && t.text !== '') return t.text;
  }
  return undefined;
}

/** Compiles the stages of a log query. */
export function compilePipeline(stages: readonly PipelineStage[]): CompiledPipeline {
  let lead = 0;
  const leadTests: ((line: string) => boolean)[] = [];
  while (lead < stages.length && stages[lead]!.type === 'lineFilter') {
    leadTests.push(compileLineFilter(stages[lead] as LineFilterStage));
    lead++;
  }
  const steps = stages.slice(lead).map(compileStep);
  const lineTest = andAll(leadTests);
  const needle = requiredText(stages.slice(0, lead) as LineFilterStage[]);
  return {
    ...(lineTest && { lineTest }),
    ...(needle !== undefined && { needle }),
    hasSteps: steps.length > 0,
    run(line, base, tsMs) {
      const labels = labelsToMap(base);
      const names = baseNames(base);
      let cur: string | undefined = line;
      for (const step of steps) {
        cur = step(cur, labels, names, tsMs);
        if (cur === undefined) return undefined;
      }
      return { line: cur, labels };
    },
  };
}
