/**
 * Decision-table conformance: Weir's own tables after the DMN TCK's decision-table families
 * (dmn-tck/tck, TestCases/compliance-level-2 and -3), each case named by its TCK family and
 * case id, run through Weir's DMN engine: hit policies, unary tests, input and output values.
 */
import { describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn, type DmnDefinitions } from '../../src/dmn/index.ts';
import { decisionTable, definitions, literalDecision, type TableSpec } from '../dmn/dmn-xml.ts';

type Case = readonly [caseId: string, inputs: Record<string, unknown>, expected: unknown];

const load = async (...elements: string[]): Promise<DmnDefinitions> => {
  const parsed = await parseDmn('tck.dmn', definitions(...elements));
  if (parsed.definitions === undefined) throw new Error(parsed.problems.join('\n'));
  return parsed.definitions;
};

const family = (name: string, model: () => string[], decision: string, cases: readonly Case[]): void => {
  describe(name, () => {
    for (const [caseId, inputs, expected] of cases)
      it(`${name} ${caseId}: ${JSON.stringify(inputs)} gives ${JSON.stringify(expected)}`, async () => {
        const outcome = evaluateDecision(await load(...model()), decision, inputs);
        expect(outcome.audit.exceptionMessage).toBeNull();
        expect(outcome.value).toEqual(expected);
      });
  });
};

const approval = (hitPolicy: string, extra: Partial<TableSpec> = {}): string[] => [
  decisionTable({
    id: 'approval',
    name: 'Approval Status',
    hitPolicy,
    inputs: [
      { expr: 'Age', typeRef: 'number' },
      { expr: 'RiskCategory', typeRef: 'string', values: '"High", "Low", "Medium"' },
      { expr: 'isAffordable', typeRef: 'boolean' },
    ],
    outputs: [{ typeRef: 'string', values: '"Approved", "Declined"' }],
    rules: [
      ['>=18', '"Medium","Low"', 'true', '"Approved"'],
      ['<18', '"Medium","Low"', 'true', '"Declined"'],
      ['-', '"High"', 'true', '"Declined"'],
      ['-', '-', 'false', '"Declined"'],
    ],
    ...extra,
  }),
];

family('0004-simpletable-U', () => approval('UNIQUE'), 'approval', [
  ['001', { Age: 18, RiskCategory: 'Medium', isAffordable: true }, 'Approved'],
  ['002', { Age: 17, RiskCategory: 'Medium', isAffordable: true }, 'Declined'],
  ['003', { Age: 18, RiskCategory: 'High', isAffordable: true }, 'Declined'],
]);

family(
  '0005-simpletable-A',
  () =>
    approval('ANY', {
      rules: [
        ['>=18', '"Medium","Low"', 'true', '"Approved"'],
        ['<18', '-', '-', '"Declined"'],
        ['-', '"High"', '-', '"Declined"'],
        ['-', '-', 'false', '"Declined"'],
      ],
    }),
  'approval',
  [
    ['001', { Age: 18, RiskCategory: 'Medium', isAffordable: true }, 'Approved'],
    ['002', { Age: 17, RiskCategory: 'High', isAffordable: false }, 'Declined'],
    ['003', { Age: 18, RiskCategory: 'High', isAffordable: true }, 'Declined'],
  ],
);

const priorityRules = [
  ['>=18', '"Medium","Low"', 'true', '"Approved"'],
  ['<18', '-', '-', '"Declined"'],
  ['-', '"High"', '-', '"Declined"'],
  ['-', '-', 'false', '"Declined"'],
  ['>=18', '-', '-', '"Approved"'],
];

family('0006-simpletable-P1', () => approval('PRIORITY', { rules: priorityRules }), 'approval', [
  ['001', { Age: 18, RiskCategory: 'Medium', isAffordable: true }, 'Approved'],
  ['002', { Age: 17, RiskCategory: 'Medium', isAffordable: true }, 'Declined'],
  ['003', { Age: 18, RiskCategory: 'High', isAffordable: true }, 'Approved'],
]);

family(
  '0007-simpletable-P2',
  () =>
    approval('PRIORITY', {
      rules: priorityRules,
      outputs: [{ typeRef: 'string', values: '"Declined", "Approved"' }],
    }),
  'approval',
  [
    ['001', { Age: 18, RiskCategory: 'Medium', isAffordable: true }, 'Approved'],
    ['002', { Age: 17, RiskCategory: 'Medium', isAffordable: true }, 'Declined'],
    ['003', { Age: 18, RiskCategory: 'High', isAffordable: true }, 'Declined'],
  ],
);

family(
  '0008-LX-arithmetic',
  () => [
    literalDecision(
      'payment',
      '(loan.principal * loan.rate / 12) / (1 - (1 + loan.rate / 12) ** -loan.termMonths)',
      { name: 'payment' },
    ),
  ],
  'payment',
  [
    [
      '001',
      { loan: { principal: 600000, rate: 0.0375, termMonths: 360 } },
      expect.closeTo(2778.69354943277, 8),
    ],
  ],
);

family(
  '0010-multi-output-U',
  () => [
    decisionTable({
      id: 'approval',
      hitPolicy: 'UNIQUE',
      inputs: [
        { expr: 'Age', typeRef: 'number' },
        { expr: 'RiskCategory', typeRef: 'string' },
        { expr: 'isAffordable', typeRef: 'boolean' },
      ],
      outputs: [
        { name: 'Status', typeRef: 'string' },
        { name: 'Rate', typeRef: 'string' },
      ],
      rules: [
        ['>=18', '"Medium","Low"', 'true', '"Approved"', '"Basic"'],
        ['>=18', '"High"', 'true', '"Approved"', '"Standard"'],
        ['<18', '"Medium","Low"', 'true', '"Declined"', '"Standard"'],
        ['-', '-', 'false', '"Declined"', '"Standard"'],
      ],
    }),
  ],
  'approval',
  [
    ['001', { Age: 18, RiskCategory: 'Medium', isAffordable: true }, { Status: 'Approved', Rate: 'Basic' }],
    [
      '002',
      { Age: 17, RiskCategory: 'Medium', isAffordable: true },
      { Status: 'Declined', Rate: 'Standard' },
    ],
    ['003', { Age: 18, RiskCategory: 'High', isAffordable: true }, { Status: 'Approved', Rate: 'Standard' }],
    ['004', { Age: 18, RiskCategory: 'Low', isAffordable: false }, { Status: 'Declined', Rate: 'Standard' }],
  ],
);

const yearsTable = (hitPolicy: string, aggregation?: string): string[] => [
  decisionTable({
    id: 'salary',
    name: 'Salary',
    hitPolicy,
    aggregation,
    inputs: [{ expr: 'NumOfYears', typeRef: 'number' }],
    outputs: [{ typeRef: 'number', values: '500, 300, 200, 100' }],
    rules: [
      ['>1', '100'],
      ['>2', '200'],
      ['>3', '300'],
      ['>5', '500'],
    ],
  }),
];

family('0108-first-hitpolicy', () => yearsTable('FIRST'), 'salary', [
  ['001', { NumOfYears: 4 }, 100],
  ['002', { NumOfYears: 1 }, null],
]);
family('0109-ruleOrder-hitpolicy', () => yearsTable('RULE ORDER'), 'salary', [
  ['001', { NumOfYears: 4 }, [100, 200, 300]],
  ['002', { NumOfYears: 6 }, [100, 200, 300, 500]],
]);
family('0110-outputOrder-hitpolicy', () => yearsTable('OUTPUT ORDER'), 'salary', [
  ['001', { NumOfYears: 4 }, [300, 200, 100]],
  ['002', { NumOfYears: 3 }, [200, 100]],
]);
family('0114-min-collect-hitpolicy', () => yearsTable('COLLECT', 'MIN'), 'salary', [
  ['001', { NumOfYears: 4 }, 100],
  ['002', { NumOfYears: 6 }, 100],
]);
family('0115-sum-collect-hitpolicy', () => yearsTable('COLLECT', 'SUM'), 'salary', [
  ['001', { NumOfYears: 4 }, 600],
  ['002', { NumOfYears: 2 }, 100],
]);
family('0116-count-collect-hitpolicy', () => yearsTable('COLLECT', 'COUNT'), 'salary', [
  ['001', { NumOfYears: 4 }, 3],
  ['002', { NumOfYears: 0 }, 0],
]);
family('0117-max-collect-hitpolicy', () => yearsTable('COLLECT', 'MAX'), 'salary', [
  ['001', { NumOfYears: 4 }, 300],
  ['002', { NumOfYears: 0 }, null],
]);

const multiOutput = (hitPolicy: string): string[] => [
  decisionTable({
    id: 'pricing',
    hitPolicy,
    inputs: [{ expr: 'Age', typeRef: 'number' }],
    outputs: [
      { name: 'Category', typeRef: 'string', values: '"gold", "silver", "bronze"' },
      { name: 'Discount', typeRef: 'number' },
    ],
    rules: [
      ['>= 0', '"bronze"', '1'],
      ['>= 30', '"silver"', '5'],
      ['>= 60', '"gold"', '10'],
      ['>= 60', '"gold"', '10'],
    ],
  }),
];

family(
  '0117-multi-any-hitpolicy',
  () => multiOutput('ANY').map((x) => x.replace('&gt;= 0<', '&gt;= 100<').replace('&gt;= 30<', '[30..60)<')),
  'pricing',
  [
    ['001', { Age: 65 }, { Category: 'gold', Discount: 10 }],
    ['002', { Age: 10 }, null],
  ],
);
family('0118-multi-priority-hitpolicy', () => multiOutput('PRIORITY'), 'pricing', [
  ['001', { Age: 65 }, { Category: 'gold', Discount: 10 }],
  ['002', { Age: 40 }, { Category: 'silver', Discount: 5 }],
  ['003', { Age: 5 }, { Category: 'bronze', Discount: 1 }],
]);
family('0119-multi-collect-hitpolicy', () => multiOutput('COLLECT'), 'pricing', [
  [
    '001',
    { Age: 40 },
    [
      { Category: 'bronze', Discount: 1 },
      { Category: 'silver', Discount: 5 },
    ],
  ],
  ['002', { Age: -1 }, []],
]);

const unaryTests = (entry: string, typeRef = 'number'): string[] => [
  decisionTable({
    id: 'test',
    hitPolicy: 'FIRST',
    inputs: [{ expr: 'x', typeRef }],
    outputs: [{ typeRef: 'boolean' }],
    rules: [
      [entry, 'true'],
      ['-', 'false'],
    ],
  }),
];

const unary: [string, string, unknown, boolean, string?][] = [
  ['001', '< 10', 5, true],
  ['002', '< 10', 10, false],
  ['003', '<= 10', 10, true],
  ['004', '> 10', 11, true],
  ['005', '>= 10', 9, false],
  ['006', '10', 10, true],
  ['007', '[1..10]', 10, true],
  ['008', '[1..10)', 10, false],
  ['009', '(1..10]', 1, false],
  ['010', ']1..10[', 5, true],
  ['011', '1, 2, 3', 2, true],
  ['012', '1, 2, 3', 4, false],
  ['013', 'not(1, 2)', 3, true],
  ['014', 'not(1, 2)', 2, false],
  ['015', '"a", "b"', 'b', true, 'string'],
  ['016', 'not("a")', 'a', false, 'string'],
  ['017', '< 5, > 10', 11, true],
  ['018', '< 5, > 10', 7, false],
  ['019', 'null', null, true],
  ['020', '-', 'anything', true, 'string'],
  ['021', 'true', true, true, 'boolean'],
  ['022', 'false', true, false, 'boolean'],
  ['023', '< date("2020-01-01")', new Date('2019-06-01T00:00:00Z'), true, 'date'],
  ['024', '[date("2020-01-01")..date("2020-12-31")]', new Date('2020-06-01T00:00:00Z'), true, 'date'],
  ['025', '? > 5 and ? < 8', 6, true],
  ['026', '? * 2 = 8', 4, true],
  ['027', 'x + 0 = 3', 3, true],
  ['028', '> y', 3, true],
];

describe('0017-tableTests (unary tests in input entries)', () => {
  for (const [caseId, entry, value, matches, typeRef] of unary)
    it(`0017-tableTests ${caseId}: ${entry} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, async () => {
      const outcome = evaluateDecision(await load(...unaryTests(entry, typeRef)), 'test', { x: value, y: 2 });
      expect(outcome.audit.exceptionMessage).toBeNull();
      expect(outcome.value).toBe(matches);
    });
});

family(
  '0020-vacation-days',
  () => [
    literalDecision('base', '22', { name: 'Base Vacation Days' }),
    decisionTable({
      id: 'extra',
      name: 'Extra days case 1',
      hitPolicy: 'COLLECT',
      aggregation: 'MAX',
      inputs: [
        { expr: 'Age', typeRef: 'number' },
        { expr: 'Years of Service', typeRef: 'number' },
      ],
      outputs: [{ typeRef: 'number' }],
      rules: [
        ['<18,>=60', '-', '5'],
        ['-', '>=30', '5'],
      ],
    }),
    decisionTable({
      id: 'extra2',
      name: 'Extra days case 2',
      hitPolicy: 'COLLECT',
      aggregation: 'MAX',
      inputs: [
        { expr: 'Age', typeRef: 'number' },
        { expr: 'Years of Service', typeRef: 'number' },
      ],
      outputs: [{ typeRef: 'number' }],
      rules: [
        ['-', '[15..30)', '2'],
        ['>=45', '-', '2'],
      ],
    }),
    literalDecision(
      'total',
      'Base Vacation Days + max([Extra days case 1, Extra days case 2, 0][item != null])',
      { name: 'Total Vacation Days', requires: ['base', 'extra', 'extra2'] },
    ),
  ],
  'total',
  [
    ['001', { Age: 16, 'Years of Service': 1 }, 27],
    ['002', { Age: 25, 'Years of Service': 5 }, 22],
    ['003', { Age: 44, 'Years of Service': 20 }, 24],
    ['004', { Age: 65, 'Years of Service': 20 }, 27],
  ],
);

family(
  '0085-decision-services',
  () => [
    literalDecision('a', '"A"', { name: 'decisionA' }),
    literalDecision('b', 'decisionA + " then B"', { name: 'decisionB', requires: ['a'] }),
  ],
  'b',
  [['001', {}, 'A then B']],
);
