import { describe, expect, it } from 'vitest';
import { chainMeaningFindings } from '../../../src/engine/scenario/lint/chainMeanings.ts';
import { tooFewTools, unreachableClues } from '../../../src/engine/scenario/lint/clues.ts';
import { answerLeaks, kindPhrases } from '../../../src/engine/scenario/lint/leaks.ts';
import { formatLintDiagnostic, lintScenarioText } from '../../../src/engine/scenario/lint/lintScenario.ts';
import { botBarFindings, broadQueryShortcut } from '../../../src/engine/scenario/lint/shortcuts.ts';
import type { LintFinding } from '../../../src/engine/scenario/lint/types.ts';
import { variantFindings } from '../../../src/engine/scenario/lint/variantChecks.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario, scenarioText } from '../helpers.ts';

const tutorial = builtinScenario('tutorial.yaml');
const world = simulate(tutorial);

function withSolution(patch: Partial<Scenario['solution']>): Scenario {
  return { ...tutorial, solution: { ...tutorial.solution, ...patch } };
}

describe('unreachable clues', () => {
  it('finds every clue of the tutorial', () => {
    expect(unreachableClues(tutorial, world)).toEqual([]);
  });

  it.each([
    [
      'a log text nobody writes',
      { id: 'ghost', description: 'd', log: { service: 'cart', contains: 'no such line anywhere' } },
      ['solution', 'clues', 3],
      'clue "ghost" cannot be found: no logs query returns an item it matches (a cart log line containing "no such line anywhere"); check the service, the text and the time the signal exists',
    ],
    [
      'a query that shows other lines',
      {
        id: 'wrong-query',
        description: 'd',
        query: '{service="web"} |= "GET /"',
        log: { service: 'cart', contains: 'TypeError' },
      },
      ['solution', 'clues', 3, 'query'],
      'clue "wrong-query": its query `{service="web"} |= "GET /"` shows 500 item(s), none of them the clue; the debrief offers this query to trainees who missed it',
    ],
    [
      'a metric with no series',
      {
        id: 'no-series',
        description: 'd',
        metric: { name: 'http_server_requests_total', labels: { service: 'cart-db', status: '418' } },
      },
      ['solution', 'clues', 3],
      'clue "no-series" cannot be found: no metrics query returns an item it matches (a series of http_server_requests_total{"service":"cart-db","status":"418"}); check the service, the text and the time the signal exists',
    ],
    [
      'a span of an operation that never runs',
      { id: 'no-span', description: 'd', span: { service: 'cart', operation: 'DELETE /api/cart' } },
      ['solution', 'clues', 3],
      'clue "no-span" cannot be found: a span clue is found only through a query, and it has no `query` and no traces step of the reference path shows it (a span of cart DELETE /api/cart); add `query:` with the traces query a trainee would run',
    ],
    [
      'a span the world holds that no query finds',
      { id: 'failed-span', description: 'd', span: { service: 'cart', status: 'error' } },
      ['solution', 'clues', 3],
      'clue "failed-span" cannot be found: the world holds it, but a span clue is found only through a query, and it has no `query` and no traces step of the reference path shows it (an error span of cart); add `query:` with the traces query a trainee would run',
    ],
  ])('reports %s', (_name, clue, path, message) => {
    const scenario = withSolution({
      clues: [...tutorial.solution.clues, clue as Scenario['solution']['clues'][number]],
    });
    expect(unreachableClues(scenario, world)).toEqual([
      { rule: 'unreachable-clue', severity: 'error', path, message },
    ]);
  });

  it('finds a span clue through its query or a traces step of the reference path', () => {
    const span = { id: 'failed-span', description: 'd', span: { service: 'cart', status: 'error' as const } };
    const withQuery = withSolution({
      clues: [...tutorial.solution.clues, { ...span, query: 'service=cart status=error' }],
    });
    expect(unreachableClues(withQuery, world)).toEqual([]);
    const onThePath = withSolution({
      clues: [...tutorial.solution.clues, span],
      path: [...tutorial.solution.path, { tool: 'traces', query: 'service=cart status=error', note: 'n' }],
    });
    expect(unreachableClues(onThePath, world)).toEqual([]);
  });

  it('reports a reference path query that fails', () => {
    const scenario = withSolution({ path: [{ tool: 'logs', query: '{service="cart"', note: 'n' }] });
    expect(unreachableClues(scenario, world).map((f) => f.path)).toEqual([['solution', 'path', 0, 'query']]);
  });
});

describe('a scenario without variants', () => {
  const place = (f: LintFinding) => ({ ...f, file: 't.yaml', line: 1, col: 1, path: f.path.join('.') });
  it.each([
    [['tutorial'], []],
    [['payments'], ['warning variant']],
  ])('with tags %j, is reported as %j', (tags, expected) => {
    const findings = variantFindings('', 't.yaml', { ...tutorial, tags }, 3, place);
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(expected);
  });
});

describe('tools the clues need', () => {
  it('holds every scenario but the tutorial to three tools', () => {
    expect(tooFewTools(tutorial)).toEqual([]);
    expect(tooFewTools({ ...tutorial, tags: ['payments'] })).toEqual([
      {
        rule: 'too-few-tools',
        severity: 'error',
        path: ['solution', 'clues'],
        message:
          'the clues are found with 2 tool(s) (changes, logs); solving should need at least 3 of logs, metrics, traces, code, changes and inbox',
      },
    ]);
  });
});

describe('what the chain nodes mean', () => {
  const [typeError, checkout] = tutorial.solution.nodes;

  it('finds nothing to say of the tutorial', () => {
    expect(chainMeaningFindings(tutorial)).toEqual([]);
  });

  it.each([
    [
      'two nodes sharing a meaning',
      [typeError!, { ...checkout!, means: ['errors:web', 'exception:cart'] }],
      {
        rule: 'chain-meaning',
        severity: 'error',
        path: ['solution', 'nodes', 1, 'means', 1],
        message:
          '"exception:cart" already means node "coupon-typeerror": a trainee naming it would stand for both; give each node conditions of its own',
      },
    ],
    [
      'a meaning far from where the story places the node',
      [{ ...typeError!, means: ['oom:cart-db'] }, checkout!],
      {
        rule: 'chain-meaning',
        severity: 'warning',
        path: ['solution', 'nodes', 0, 'means'],
        message:
          'node "coupon-typeerror" means conditions of cart-db, but its links\' clues and neighbours are at cart, web: check that its meanings describe it',
      },
    ],
  ])('reports %s', (_name, nodes, finding) => {
    expect(chainMeaningFindings(withSolution({ nodes }))).toEqual([finding]);
  });
});

describe('answer leaks', () => {
  it('finds none in the tutorial', () => {
    expect(answerLeaks(tutorial, 'scenarios/tutorial.yaml')).toEqual([]);
  });

  it.each([
    [
      'memory-leak',
      ['memory leak', 'out of memory', 'oomkilled', 'leaks memory', 'leaking memory', 'oom restarts'],
    ],
    ['bad-deploy', ['bad deploy', 'code defect']],
    [
      'expired-credential',
      ['expired credential', 'expired cert', 'cert expired', 'certificate expired', 'expired certificate'],
    ],
    [
      'timezone-defect',
      ['timezone defect', 'daylight saving', 'dst bug', 'timezone bug', 'time zone bug', 'dst defect'],
    ],
    ['misconfiguration', ['misconfiguration', 'environment misconfiguration']],
    ['custom', []],
  ] as const)('names %s by %j', (kind, phrases) => {
    expect(kindPhrases(kind)).toEqual(phrases);
  });

  it('reads the channel, the docs and every hint but the last as the trainee does', () => {
    const message = (id: string, text: string, after?: Record<string, unknown>) => ({
      id,
      from: 'Sam',
      role: 'teammate' as const,
      text,
      ...(after ? { after } : { at: tutorial.briefing.page.at }),
    });
    const scenario = {
      ...tutorial,
      channel: [
        message('early', 'Smells like a bad deploy to me.'),
        message('later', 'The rollback of deploy-cart-2-4-1 worked.', { mitigation: 'any' }),
      ],
      docs: [
        {
          ...tutorial.docs[0]!,
          id: 'runbook',
          title: 'Runbook',
          body: 'First suspect a bad deploy: check the change log.',
        },
      ],
      hints: [
        { text: 'Look at deploy-cart-2-4-1.', cost: 5 },
        { text: 'It is a bad deploy of deploy-cart-2-4-1.', cost: 10 },
      ],
    } as typeof tutorial;
    expect(
      answerLeaks(scenario, 'scenarios/tutorial.yaml').map((f) => [f.severity, f.path.join('.'), f.message]),
    ).toEqual([
      [
        'warning',
        'docs.0.body',
        'doc runbook names the fault kind ("bad deploy"): the trainee should find it, not read it',
      ],
      [
        'error',
        'channel.0.text',
        'channel message early names the fault kind ("bad deploy"): the trainee should find it, not read it',
      ],
      [
        'error',
        'hints.0.text',
        'hint 1 (of 2) names the trigger event "deploy-cart-2-4-1": the trainee should find it in the change log',
      ],
    ]);
  });

  it("reads the system's domain, which every request line carries", () => {
    const scenario = { ...tutorial, system: { ...tutorial.system, domain: 'bad-deploy.example' } };
    expect(answerLeaks(scenario, 'scenarios/tutorial.yaml')).toEqual([
      {
        rule: 'answer-leak',
        severity: 'error',
        path: ['system', 'domain'],
        message:
          'the system\'s domain names the fault kind ("bad deploy"): the trainee should find it, not read it',
      },
    ]);
  });

  it('reports the kind, the trigger and the explanation where the trainee reads first', () => {
    const page = {
      ...tutorial.briefing.page,
      title: '[FIRING] Bad deploy of cart',
      body: 'See deploy-cart-2-4-1. Every priced basket with a coupon throws a TypeError and cart answers 500.',
    };
    const scenario = { ...tutorial, briefing: { ...tutorial.briefing, page } };
    expect(answerLeaks(scenario, 'scenarios/bad-deploy-cart.yaml')).toEqual([
      {
        rule: 'answer-leak',
        severity: 'error',
        path: [],
        message: 'the file name names the fault kind ("bad deploy"): the trainee should find it, not read it',
      },
      {
        rule: 'answer-leak',
        severity: 'error',
        path: ['briefing', 'page', 'title'],
        message:
          'the page title names the fault kind ("bad deploy"): the trainee should find it, not read it',
      },
      {
        rule: 'answer-leak',
        severity: 'error',
        path: ['briefing', 'page', 'body'],
        message:
          'the page names the trigger event "deploy-cart-2-4-1": the trainee should find it in the change log',
      },
      {
        rule: 'answer-leak',
        severity: 'warning',
        path: ['briefing', 'page', 'body'],
        message:
          'the page repeats the explanation ("throws a typeerror and cart"), which tells the root cause',
      },
    ]);
  });
});

describe('shortcuts and bars', () => {
  it('warns when one broad error query shows only the root-cause component', () => {
    // web's nginx logs its upstream timeouts as errors, so in the tutorial the query shows two services.
    expect(broadQueryShortcut(tutorial, world)).toEqual([]);
    const quiet = { ...tutorial, noise: tutorial.noise.filter((n) => n.service !== 'web') };
    const quietWorld = simulate(quiet);
    expect(broadQueryShortcut(quiet, quietWorld).map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['shortcut', 'warning', ['solution', 'rootCause', 'component']],
    ]);
    const elsewhere = {
      ...quiet,
      solution: { ...quiet.solution, rootCause: { ...quiet.solution.rootCause, component: 'web' } },
    };
    expect(broadQueryShortcut(elsewhere, quietWorld)).toEqual([]);
  });

  it.each([
    [{ reference: 95, guess: 20, shotgun: 50, random: 5 }, []],
    [{ reference: 80 }, [['bot-bar', ['solution', 'path']]]],
    [{ guess: 40 }, [['shortcut', ['solution']]]],
    [{ shotgun: 61 }, [['shortcut', ['solution']]]],
    [{ random: 12 }, [['bot-bar', ['solution']]]],
    [{ 'padded-guess': 31, 'chain-spam': 45 }, [['shortcut', ['solution']]]],
    [{ 'honest-wrong': 24 }, [['bot-bar', ['solution', 'redHerrings']]]],
    [{ 'honest-wrong': 51 }, [['shortcut', ['solution']]]],
    [{ 'honest-wrong': 30, memorizer: 35, 'hint-farmer': 60 }, []],
  ])('judges %j', (scores, expected) => {
    expect(botBarFindings(scores).map((f) => [f.rule, f.path])).toEqual(expected);
  });

  it('says which clues and parts a reference shortfall lost', () => {
    // A key clue only a trace search finds, with no query and no traces step: the reference bot misses it.
    const missing = withSolution({
      clues: [
        ...tutorial.solution.clues,
        { id: 'failed-span', description: 'd', span: { service: 'cart', status: 'error' } },
      ],
    });
    const [finding] = botBarFindings({ reference: 80 }, '', { scenario: missing, world });
    expect(finding!.message).toMatch(
      /^the reference bot scores 80, below 90: the reference path, clues and chain do not solve the scenario \(it pinned nothing for "failed-span" \(traces, no `query`\); points lost in [^)]*Evidence [\d.]+\/\d+[^)]*\) \(twoam solve --bot reference shows the parts\)$/,
    );
  });
});

describe('lintScenarioText', () => {
  it('passes the tutorial with no finding and reports the bots', () => {
    const report = lintScenarioText(scenarioText('tutorial.yaml'), 'scenarios/tutorial.yaml', {
      variants: 0,
    });
    expect(report.diagnostics.map(formatLintDiagnostic)).toEqual([]);
    expect(report.bots?.reference).toBeGreaterThanOrEqual(90);
  });

  it('reports a fault that changes nothing, at its line', () => {
    const quiet = ['  - id: quiet', '    kind: bad-deploy', '    service: cart', '    route: GET /api/cart'];
    const window = ['    from: 2026-10-25T01:30:00Z', '    errorRate: 0'];
    const text = scenarioText('tutorial.yaml').replace(
      '\nnoise:\n',
      `\n${[...quiet, ...window].join('\n')}\n\nnoise:\n`,
    );
    const report = lintScenarioText(text, 't.yaml', { variants: 0 });
    const line = text.split('\n').indexOf('  - id: quiet') + 1;
    expect(report.diagnostics.filter((d) => d.rule === 'symptomless-fault')).toEqual([
      {
        file: 't.yaml',
        line,
        col: 5,
        path: 'faults[1]',
        severity: 'error',
        rule: 'symptomless-fault',
        message:
          'fault "quiet" (bad-deploy) leaves no symptom between 01:30 and 02:30: no log line, metric series or span differs from a run without it; check its service, route, segment, region and window, or give it a log, status, errorRate, addedLatency or counter',
      },
    ]);
    const quietFinding = report.diagnostics.find((d) => d.rule === 'symptomless-fault')!;
    expect(formatLintDiagnostic(quietFinding)).toMatch(
      new RegExp(
        `^t\\.yaml:${line}:5: error: fault "quiet" \\(bad-deploy\\) leaves no symptom .* \\[symptomless-fault\\]$`,
      ),
    );
  });

  it('reports a file that does not load with its validation problems', () => {
    const report = lintScenarioText('id: x\n', 'x.yaml');
    expect(report.bots).toBeUndefined();
    expect(report.diagnostics.every((d) => d.rule === 'validate' && d.severity === 'error')).toBe(true);
  });
});
