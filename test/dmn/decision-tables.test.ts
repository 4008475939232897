import { describe, expect, it } from 'vitest';
import {
  evaluateDecision,
  evaluateService,
  executeDecision,
  parseDmn,
  type DmnDefinitions,
} from '../../src/dmn/index.ts';
import { decisionTable, definitions, literalDecision, type TableSpec } from './dmn-xml.ts';

const load = async (...elements: string[]): Promise<DmnDefinitions> => {
  const parsed = await parseDmn('test.dmn', definitions(...elements));
  if (parsed.definitions === undefined) throw new Error(parsed.problems.join('\n'));
  return parsed.definitions;
};

const problemsOf = async (xml: string): Promise<string[]> => (await parseDmn('bad.dmn', xml)).problems;

const table = (spec: Partial<TableSpec> & Pick<TableSpec, 'rules'>): string =>
  decisionTable({
    id: 'discount',
    inputs: [
      { expr: 'customerType', typeRef: 'string' },
      { expr: 'orderSize', typeRef: 'number' },
    ],
    outputs: [{ name: 'discount', typeRef: 'number' }],
    ...spec,
  });

describe('decision tables', () => {
  it('a UNIQUE table answers the one matching rule', async () => {
    const defs = await load(
      table({
        hitPolicy: 'UNIQUE',
        rules: [
          ['"Business"', '< 10', '0.1'],
          ['"Business"', '>= 10', '0.15'],
          ['"Private"', '-', '0.05'],
        ],
      }),
    );
    expect(evaluateDecision(defs, 'discount', { customerType: 'Business', orderSize: 12 }).results).toEqual([
      { discount: 0.15 },
    ]);
    expect(evaluateDecision(defs, 'discount', { customerType: 'Private', orderSize: 1 }).value).toBe(0.05);
  });

  it('a UNIQUE table with two matching rules fails naming both', async () => {
    const defs = await load(
      table({
        hitPolicy: 'UNIQUE',
        rules: [
          ['"Business"', '-', '0.1'],
          ['-', '> 5', '0.2'],
        ],
      }),
    );
    const outcome = evaluateDecision(defs, 'discount', { customerType: 'Business', orderSize: 6 });
    expect(outcome.audit.failed).toBe(true);
    expect(outcome.audit.exceptionMessage).toBe('Hit policy UNIQUE violated: rules #1, #2 all match');
    expect(() => executeDecision(defs, 'discount', { customerType: 'Business', orderSize: 6 })).toThrow(
      /UNIQUE violated/,
    );
  });

  it('no matching rule gives no result, or the default output entries when declared', async () => {
    const plain = await load(table({ rules: [['"Business"', '-', '0.1']] }));
    expect(evaluateDecision(plain, 'discount', { customerType: 'Private', orderSize: 1 }).results).toEqual(
      [],
    );
    const withDefault = await load(
      table({
        outputs: [{ name: 'discount', typeRef: 'number', default: '0' }],
        rules: [['"Business"', '-', '0.1']],
      }),
    );
    expect(
      evaluateDecision(withDefault, 'discount', { customerType: 'Private', orderSize: 1 }).results,
    ).toEqual([{ discount: 0 }]);
  });

  it('FIRST stops at the first match; RULE ORDER and COLLECT list every match in rule order', async () => {
    const rules = [
      ['-', '> 10', '3'],
      ['-', '> 5', '2'],
      ['-', '-', '1'],
    ];
    const first = await load(table({ hitPolicy: 'FIRST', rules }));
    const firstOutcome = evaluateDecision(first, 'discount', { customerType: 'x', orderSize: 7 });
    expect(firstOutcome.results).toEqual([{ discount: 2 }]);
    expect(Object.keys(firstOutcome.audit.ruleExecutions)).toEqual(['1', '2']);
    for (const hitPolicy of ['RULE ORDER', 'COLLECT']) {
      const defs = await load(table({ hitPolicy, rules }));
      expect(evaluateDecision(defs, 'discount', { customerType: 'x', orderSize: 11 }).value).toEqual([
        3, 2, 1,
      ]);
    }
  });

  it('PRIORITY and OUTPUT ORDER rank by the output values list', async () => {
    const spec = {
      inputs: [{ expr: 'score', typeRef: 'number' }],
      outputs: [{ name: 'level', typeRef: 'string', values: '"high","medium","low"' }],
      rules: [
        ['> 0', '"low"'],
        ['> 50', '"high"'],
        ['> 20', '"medium"'],
      ],
    };
    const priority = await load(decisionTable({ id: 'level', hitPolicy: 'PRIORITY', ...spec }));
    expect(evaluateDecision(priority, 'level', { score: 30 }).value).toBe('medium');
    const ordered = await load(decisionTable({ id: 'level', hitPolicy: 'OUTPUT ORDER', ...spec }));
    expect(evaluateDecision(ordered, 'level', { score: 60 }).value).toEqual(['high', 'medium', 'low']);
  });

  it('ANY accepts matches that agree and fails on matches that differ', async () => {
    const defs = await load(
      table({
        hitPolicy: 'ANY',
        rules: [
          ['"a"', '-', '1'],
          ['-', '> 5', '1'],
          ['-', '> 10', '2'],
        ],
      }),
    );
    expect(evaluateDecision(defs, 'discount', { customerType: 'a', orderSize: 6 }).value).toBe(1);
    expect(
      evaluateDecision(defs, 'discount', { customerType: 'a', orderSize: 11 }).audit.exceptionMessage,
    ).toBe('Hit policy ANY violated: rules #1 and #3 match with different outputs');
  });

  it('a table that names no hit policy is FIRST, as Flowable parses it (DmnXMLConverter)', async () => {
    const defs = await load(
      table({
        rules: [
          ['"Business"', '-', '0.1'],
          ['-', '> 5', '0.2'],
        ],
      }),
    );
    const outcome = evaluateDecision(defs, 'discount', { customerType: 'Business', orderSize: 6 });
    expect(outcome.audit.failed).toBe(false);
    expect(outcome.results).toEqual([{ discount: 0.1 }]);
  });

  it('COLLECT aggregates every hit with SUM, MIN, MAX and COUNT (HitPolicyCollectTest.collectHitPolicySUM, collectHitPolicyCOUNT)', async () => {
    const rules = [
      ['-', '> 0', '10'],
      ['-', '> 5', '20'],
      ['-', '> 10', '20'],
    ];
    const expected: Record<string, number> = { SUM: 50, MIN: 10, MAX: 20, COUNT: 3 };
    for (const [aggregation, value] of Object.entries(expected)) {
      const defs = await load(table({ hitPolicy: 'COLLECT', aggregation, rules }));
      expect(
        evaluateDecision(defs, 'discount', { customerType: 'x', orderSize: 11 }).results,
        aggregation,
      ).toEqual([{ discount: value }]);
    }
  });

  it('with flowable:forceDMN11 COLLECT aggregates distinct results only (HitPolicyCollectTest.collectHitPolicySUM_force_DMN11)', async () => {
    const rules = [
      ['-', '> 0', '10'],
      ['-', '> 5', '20'],
      ['-', '> 10', '20'],
    ];
    const expected: Record<string, number> = { SUM: 30, MIN: 10, MAX: 20, COUNT: 2 };
    for (const [aggregation, value] of Object.entries(expected)) {
      const defs = await load(table({ hitPolicy: 'COLLECT', aggregation, rules, forceDmn11: true }));
      expect(
        evaluateDecision(defs, 'discount', { customerType: 'x', orderSize: 11 }).results,
        aggregation,
      ).toEqual([{ discount: value }]);
    }
  });

  it("runs Flowable's JUEL-style entries: == and != completed with the input, ${...} over the variables, .method()", async () => {
    const defs = await load(
      table({
        hitPolicy: 'RULE ORDER',
        outputs: [{ name: 'rule', typeRef: 'string' }],
        rules: [
          ['== "gold"', '-', '"eq"'],
          ['!= "gold"', '-', '"ne"'],
          ['-', '${orderSize * 2 > 20}', '"expr"'],
          ['.startsWith("go")', '-', '"method"'],
          ['-', '#{orderSize >= 11}', '${customerType}'],
        ],
      }),
    );
    expect(evaluateDecision(defs, 'discount', { customerType: 'gold', orderSize: 11 }).value).toEqual([
      'eq',
      'expr',
      'method',
      'gold',
    ]);
    expect(evaluateDecision(defs, 'discount', { customerType: 'silver', orderSize: 1 }).value).toEqual([
      'ne',
    ]);
  });

  it('coerces inputs and outputs by typeRef: numeric text is a number, a number output declared string is text', async () => {
    const defs = await load(
      decisionTable({
        id: 'size',
        inputs: [{ expr: 'amount', typeRef: 'number' }],
        outputs: [
          { name: 'label', typeRef: 'string' },
          { name: 'flag', typeRef: 'boolean' },
        ],
        rules: [['> 100', '42', '"true"']],
      }),
    );
    expect(evaluateDecision(defs, 'size', { amount: '150' }).results).toEqual([{ label: '42', flag: true }]);
  });

  it('an output that cannot take its typeRef fails naming the rule and the output', async () => {
    const defs = await load(
      decisionTable({
        id: 'n',
        inputs: [{ expr: 'x' }],
        outputs: [{ name: 'amount', typeRef: 'number' }],
        rules: [['-', '"lots"']],
      }),
    );
    expect(evaluateDecision(defs, 'n', { x: 1 }).audit.exceptionMessage).toBe(
      `Decision 'n', rule 'n_r1' (#1), output 'amount': Output 'amount' of type 'number' cannot hold the value "lots"`,
    );
  });

  it('compares dates and durations in FEEL', async () => {
    const defs = await load(
      decisionTable({
        id: 'due',
        inputs: [{ expr: 'dueDate', typeRef: 'date' }],
        outputs: [{ name: 'state', typeRef: 'string' }],
        rules: [
          ['< date("2024-01-01")', '"late"'],
          ['>= date("2024-01-01")', '"on time"'],
        ],
      }),
      literalDecision('nextDay', 'dueDate + duration("P1D")', { typeRef: 'date' }),
    );
    expect(evaluateDecision(defs, 'due', { dueDate: new Date('2023-12-24T10:00:00Z') }).value).toBe('late');
    expect(evaluateDecision(defs, 'due', { dueDate: '2024-03-01T00:00:00Z' }).value).toBe('on time');
    expect(evaluateDecision(defs, 'nextDay', { dueDate: new Date('2024-02-28T12:00:00Z') }).value).toEqual(
      new Date('2024-02-29T12:00:00Z'),
    );
  });

  it('literal entries compiled once agree with feelin on inputs of their own type, and a value of another type never matches', async () => {
    // each pair: an entry Weir compiles itself, and a FEEL form of it that feelin evaluates
    const pairs = [
      ['< 10', '? < 10'],
      ['>= "m"', '? >= "m"'],
      ['[1..5)', '? >= 1 and ? < 5'],
      ['1, "a", true', '? = 1 or ? = "a" or ? = true'],
      ['!= 3', '? != 3'],
    ];
    const inputs = [0, 1, 3, 5, 10, 12, 'a', 'm', 'z', true];
    for (const [fast, slow] of pairs) {
      const defs = await load(
        decisionTable({
          id: 'p',
          hitPolicy: 'RULE ORDER',
          inputs: [{ expr: 'x' }],
          outputs: [{ name: 'o' }],
          rules: [
            [fast, '"fast"'],
            [slow, '"slow"'],
          ],
        }),
      );
      for (const x of inputs) {
        const matched = evaluateDecision(defs, 'p', { x }).value as string[];
        const sameType =
          typeof x === 'number'
            ? /\d/.test(fast)
            : typeof x === 'string'
              ? fast.includes('"')
              : fast.includes('true');
        if (sameType)
          expect([matched.includes('fast'), fast, x]).toEqual([matched.includes('slow'), fast, x]);
      }
    }
    // FEEL compares a number with a number only: '5', true and null are not less than 10
    const defs = await load(
      decisionTable({
        id: 'lt',
        inputs: [{ expr: 'x' }],
        outputs: [{ name: 'o' }],
        rules: [['< 10', '"yes"']],
      }),
    );
    for (const x of ['5', true, null])
      expect(evaluateDecision(defs, 'lt', { x }).results, String(x)).toEqual([]);
  });

  it('the audit records inputs, each condition, the matched rule and its conclusions', async () => {
    const defs = await load(
      table({
        rules: [
          ['"a"', '< 5', '1'],
          ['"b"', '-', '2'],
        ],
      }),
    );
    const { audit } = evaluateDecision(defs, 'discount', { customerType: 'b', orderSize: 3 });
    expect(audit.inputClauses.map((input) => input.value)).toEqual(['b', 3]);
    expect(audit.ruleExecutions['1']).toMatchObject({
      valid: false,
      conditionResults: [{ id: 'discount_r1_i1', result: false }],
    });
    expect(audit.ruleExecutions['2']).toMatchObject({
      ruleId: 'discount_r2',
      valid: true,
      conclusionResults: [{ id: 'discount_r2_o1', result: 2 }],
    });
    expect(audit.decisionResult).toEqual([{ discount: 2 }]);
  });

  it('keeps rule descriptions and annotation entries beside the outputs, which they do not join', async () => {
    const defs = await load(
      `<decision id="tiers" name="Tiers"><decisionTable id="tiers_table" hitPolicy="RULE ORDER">` +
        `<input id="tiers_in"><inputExpression id="tiers_ie" typeRef="number"><text>points</text></inputExpression></input>` +
        `<output id="tiers_out" name="tier" typeRef="string"/>` +
        `<annotation name="Why"/><annotation name="Source"/>` +
        `<rule id="gold"><description>top customers</description><inputEntry id="gold_i"><text>&gt;= 100</text></inputEntry>` +
        `<outputEntry id="gold_o"><text>"gold"</text></outputEntry>` +
        `<annotationEntry><text>loyal for years</text></annotationEntry><annotationEntry><text>marketing</text></annotationEntry></rule>` +
        `<rule id="basic"><inputEntry id="basic_i"><text>-</text></inputEntry><outputEntry id="basic_o"><text>"basic"</text></outputEntry>` +
        `<annotationEntry><text>everyone else</text></annotationEntry><annotationEntry><text/></annotationEntry></rule>` +
        `</decisionTable></decision>`,
    );
    const logic = defs.decisions.get('tiers')?.logic;
    expect(logic?.kind).toBe('decisionTable');
    const rules = logic?.kind === 'decisionTable' ? logic.rules : [];
    expect(rules.map((rule) => [rule.id, rule.description, rule.annotations])).toEqual([
      ['gold', 'top customers', ['loyal for years', 'marketing']],
      ['basic', null, ['everyone else', '']],
    ]);
    const outcome = evaluateDecision(defs, 'tiers', { points: 150 });
    expect(outcome.audit.decisionResult).toEqual([{ tier: 'gold' }, { tier: 'basic' }]);
  });
});

describe('decision requirement graphs and services', () => {
  const graph = [
    literalDecision('base', 'price * quantity', { name: 'Base' }),
    decisionTable({
      id: 'rate',
      name: 'Rate',
      requires: ['base'],
      inputs: [{ expr: 'Base', typeRef: 'number' }],
      outputs: [{ name: 'rate', typeRef: 'number' }],
      rules: [
        ['>= 100', '0.1'],
        ['< 100', '0'],
      ],
    }),
    literalDecision('total', 'Base * (1 - rate)', { requires: ['base', 'rate'], name: 'Total' }),
  ];

  it('evaluates required decisions first and feeds their values by name', async () => {
    const defs = await load(...graph);
    const outcome = evaluateDecision(defs, 'total', { price: 25, quantity: 4 });
    expect(outcome.value).toBe(90);
    expect(outcome.audit.childDecisionExecutions.map((child) => child.decisionKey)).toEqual(['base', 'rate']);
  });

  it('a decision service answers its output decisions', async () => {
    const service =
      '<decisionService id="pricing" name="Pricing"><outputDecision href="#total"/><outputDecision href="#rate"/><encapsulatedDecision href="#base"/></decisionService>';
    const defs = await load(...graph, service);
    const outcome = evaluateService(defs, 'pricing', { price: 10, quantity: 2 });
    expect(outcome.results).toEqual({ total: [{ Total: 20 }], rate: [{ rate: 0 }] });
    expect(outcome.value).toEqual({ Total: 20, Rate: 0 });
  });
});

describe('deploy-time validation', () => {
  it('refuses duplicate rule ids, an unknown typeRef and an unparsable entry, naming decision, rule and column', async () => {
    const xml = definitions(
      decisionTable({
        id: 'd',
        inputs: [{ expr: 'age', typeRef: 'numbr', label: 'Age' }],
        outputs: [{ name: 'ok', typeRef: 'boolean' }],
        rules: [
          ['> 1 +', 'true'],
          ['[1..2]', 'false'],
        ],
      }).replace('id="d_r2"', 'id="d_r1"'),
    );
    expect(await problemsOf(xml)).toEqual([
      "bad.dmn: line 2: decision 'd': rule id 'd_r1' is used twice",
      "bad.dmn: decision 'd', column 'Age': unknown typeRef 'numbr'",
      "bad.dmn: decision 'd', rule 'd_r1' (#1), column 'Age': '> 1 +' does not parse: not a FEEL unary test (syntax error at column 6)",
    ]);
  });

  it('refuses a missing required decision, a cycle, a bad hit policy and a row of the wrong width', async () => {
    const problems = await problemsOf(
      definitions(
        literalDecision('a', '1', { requires: ['b'] }),
        literalDecision('b', '2', { requires: ['a', 'ghost'] }),
        decisionTable({
          id: 't',
          hitPolicy: 'SOMETIMES',
          inputs: [{ expr: 'x' }],
          outputs: [{ name: 'y' }],
          rules: [['1']],
        }),
      ),
    );
    expect(problems).toContain(
      "bad.dmn: decision 'b': requires decision 'ghost', which the file does not define",
    );
    expect(problems).toContain("bad.dmn: decision 'a': required decisions form a cycle (a -> b -> a)");
    expect(problems).toContain("bad.dmn: decision 't': unknown hit policy 'SOMETIMES'");
    expect(problems).toContain("bad.dmn: decision 't', rule 't_r1' (#1): has 0 output entries for 1 outputs");
  });

  it('refuses a document that is not DMN, naming the line', async () => {
    expect(await problemsOf('<process/>')).toEqual([
      'bad.dmn: the document has no <definitions> root element',
    ]);
    const problems = await problemsOf(
      definitions('<decision id="x"><decisionTable><bogus/></decisionTable></decision>'),
    );
    expect(problems[0]).toBe(
      'bad.dmn: line 2: unparsable content <bogus/> detected (unknown type <dmn:Bogus>)',
    );
  });

  it('reads DMN 1.1 and 1.2 files (and 1.3 written with http:), with QName typeRefs', async () => {
    for (const namespace of [
      'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
      'http://www.omg.org/spec/DMN/20180521/MODEL/',
      'http://www.omg.org/spec/DMN/20191111/MODEL/',
    ]) {
      const xml = definitions(
        decisionTable({
          id: 'old',
          inputs: [{ expr: 'Age', typeRef: 'feel:number' }],
          outputs: [{ typeRef: 'feel:string' }],
          rules: [
            ['>= 18', '"adult"'],
            ['< 18', '"minor"'],
          ],
        }),
      )
        .replace('https://www.omg.org/spec/DMN/20191111/MODEL/', namespace)
        .replace('<definitions ', '<definitions xmlns:feel="http://www.omg.org/spec/FEEL/20140401" ');
      const parsed = await parseDmn('old.dmn', xml);
      expect(parsed.problems, namespace).toEqual([]);
      expect(evaluateDecision(parsed.definitions!, 'old', { Age: 20 }).results, namespace).toEqual([
        { old: 'adult' },
      ]);
    }
  });
});
