/**
 * Builds small DMN 1.3 documents for tests from a compact description of decision tables, so a
 * test shows its table as rows. Texts are XML-escaped; ids are derived from the decision id.
 */
export interface TableSpec {
  readonly id?: string;
  readonly name?: string;
  readonly hitPolicy?: string;
  readonly aggregation?: string;
  readonly inputs: readonly {
    readonly expr: string;
    readonly typeRef?: string;
    readonly label?: string;
    readonly values?: string;
  }[];
  readonly outputs: readonly {
    readonly name?: string;
    readonly typeRef?: string;
    readonly values?: string;
    readonly default?: string;
  }[];
  /** each row: the input entries, then the output entries */
  readonly rules: readonly (readonly string[])[];
  readonly requires?: readonly string[];
  readonly variable?: string;
  readonly expressionLanguage?: string;
  /** `flowable:forceDMN11="true"` on the decision (Flowable's DMN 1.1 aggregation) */
  readonly forceDmn11?: boolean;
}

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const attr = (name: string, value: string | undefined): string =>
  value === undefined ? '' : ` ${name}="${esc(value).replace(/"/g, '&quot;')}"`;

const requirements = (ids: readonly string[] = []): string =>
  ids
    .map((id) => `<informationRequirement><requiredDecision href="#${id}"/></informationRequirement>`)
    .join('');

export const decisionTable = (spec: TableSpec): string => {
  const id = spec.id ?? 'decision';
  const inputs = spec.inputs
    .map(
      (input, i) =>
        `<input id="${id}_in${i + 1}"${attr('label', input.label)}><inputExpression id="${id}_ie${i + 1}"${attr('typeRef', input.typeRef)}><text>${esc(input.expr)}</text></inputExpression>` +
        (input.values === undefined ? '' : `<inputValues><text>${esc(input.values)}</text></inputValues>`) +
        '</input>',
    )
    .join('');
  const outputs = spec.outputs
    .map(
      (output, i) =>
        `<output id="${id}_out${i + 1}"${attr('name', output.name)}${attr('typeRef', output.typeRef)}>` +
        (output.values === undefined
          ? ''
          : `<outputValues><text>${esc(output.values)}</text></outputValues>`) +
        (output.default === undefined
          ? ''
          : `<defaultOutputEntry><text>${esc(output.default)}</text></defaultOutputEntry>`) +
        '</output>',
    )
    .join('');
  const rules = spec.rules
    .map((row, r) => {
      const ins = row
        .slice(0, spec.inputs.length)
        .map((text, i) => `<inputEntry id="${id}_r${r + 1}_i${i + 1}"><text>${esc(text)}</text></inputEntry>`)
        .join('');
      const outs = row
        .slice(spec.inputs.length)
        .map(
          (text, i) => `<outputEntry id="${id}_r${r + 1}_o${i + 1}"><text>${esc(text)}</text></outputEntry>`,
        )
        .join('');
      return `<rule id="${id}_r${r + 1}">${ins}${outs}</rule>`;
    })
    .join('');
  return (
    `<decision id="${id}"${attr('name', spec.name ?? id)}` +
    (spec.forceDmn11 ? ' xmlns:flowable="http://flowable.org/dmn" flowable:forceDMN11="true"' : '') +
    '>' +
    (spec.variable === undefined ? '' : `<variable name="${esc(spec.variable)}"/>`) +
    requirements(spec.requires) +
    `<decisionTable id="${id}_table"${attr('hitPolicy', spec.hitPolicy)}${attr('aggregation', spec.aggregation)}>${inputs}${outputs}${rules}</decisionTable></decision>`
  );
};

export const literalDecision = (
  id: string,
  text: string,
  options: { typeRef?: string; requires?: readonly string[]; name?: string } = {},
): string =>
  `<decision id="${id}" name="${esc(options.name ?? id)}"><variable name="${esc(options.name ?? id)}"${attr('typeRef', options.typeRef)}/>${requirements(options.requires)}<literalExpression id="${id}_le"><text>${esc(text)}</text></literalExpression></decision>`;

export const definitions = (...elements: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="definitions" name="Test" namespace="http://weir.test/dmn">${elements.join('')}</definitions>`;

/**
 * `base` (a literal expression: `input` times 2, under the variable `basePrice`) and `surcharge`,
 * which requires it: 5 above a base price of 10, else 0.
 */
export const surchargeDecisions = (input: string): string[] => [
  literalDecision('base', `${input} * 2`, { name: 'basePrice', typeRef: 'number' }),
  decisionTable({
    id: 'surcharge',
    name: 'Surcharge',
    requires: ['base'],
    inputs: [{ expr: 'basePrice', typeRef: 'number' }],
    outputs: [{ name: 'surcharge', typeRef: 'number' }],
    rules: [
      ['> 10', '5'],
      ['<= 10', '0'],
    ],
  }),
];
