/**
 * Deploy-time refusals of case models: what Flowable's CMMN converter (`CmmnXmlConverter`:
 * unresolved definition, sentry and on-part references) and case validator
 * (`DecisionTaskValidator`) refuse, Weir refuses at deployment, naming the element and its line,
 * listing every problem at once, and writing nothing. Models that Flowable deploys but cannot
 * run (a timer without expression, a process or case task without reference, an unknown
 * standard event) Weir refuses at deployment too. Each case breaks one piece of a valid model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import { CMMN, caseRefusal, cmmnFixture, deployCase, useCmmnFamily } from './cmmn-support.ts';
import { listOf } from './support.ts';

const { harness } = useCmmnFamily('parsing');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

/** the base model with edits, under a key of its own so that refusals never touch pbBase */
const edited = async (key: string, edits: [string | RegExp, string][]) =>
  edits.reduce<string>(
    (text, [from, to]) => text.replace(from, to),
    (await cmmnFixture('parsing/pbBase.cmmn')).replaceAll('pbBase', key),
  );

/** the 1-based line of the first occurrence of `text` */
const lineOf = (xml: string, text: string): number => xml.slice(0, xml.indexOf(text)).split('\n').length;

/** the message gives one of these lines (an element's own, or the line of the element holding it) */
const namesOneLineOf = (message: string, lines: number[]): boolean =>
  lines.some((line) => new RegExp(`line ${line}\\b`).test(message));

const refuse = async (key: string, edits: [string | RegExp, string][]) => {
  const xml = await edited(key, edits);
  return { xml, message: await caseRefusal(h, `${key}.cmmn`, xml) };
};

describe('a valid model', () => {
  it('the base model deploys (DeploymentTest)', async () => {
    const rows = await listOf(h, `${CMMN}/cmmn-repository/case-definitions?key=pbBase`);
    expect(rows).toHaveLength(1);
  });
});

describe('refusals naming element and line', () => {
  it('a plan item whose definitionRef names nothing (CmmnXmlConverter: no matching plan item definition)', async () => {
    const { xml, message } = await refuse('pbNoDefinition', [
      ['definitionRef="second"', 'definitionRef="missing"'],
    ]);
    expect(message).toContain("'secondItem'");
    expect(message).toContain('missing');
    expect(message).toContain(`line ${lineOf(xml, 'id="secondItem"')}`);
  });

  it('an on-part whose sourceRef names no plan item (CmmnXmlConverter: could not resolve on part source reference)', async () => {
    const { xml, message } = await refuse('pbBadSource', [
      ['sourceRef="firstItem"', 'sourceRef="ghostItem"'],
    ]);
    expect(message).toContain('ghostItem');
    expect(message).toContain("'onFirst'");
    expect(namesOneLineOf(message, [lineOf(xml, 'id="onFirst"'), lineOf(xml, 'id="afterFirst"')])).toBe(true);
  });

  it('an entry criterion whose sentryRef names no sentry (CmmnXmlConverter: no sentry found for reference)', async () => {
    const { xml, message } = await refuse('pbBadSentryRef', [
      ['sentryRef="afterFirst"', 'sentryRef="noSentry"'],
    ]);
    expect(message).toContain("'secondAfterFirst'");
    expect(message).toContain('noSentry');
    expect(
      namesOneLineOf(message, [lineOf(xml, 'id="secondAfterFirst"'), lineOf(xml, 'id="secondItem"')]),
    ).toBe(true);
  });

  it('an on-part with an unknown standard event (Flowable deploys it and the on-part never fires; Weir refuses it)', async () => {
    const { xml, message } = await refuse('pbBadEvent', [
      ['<standardEvent>complete</standardEvent>', '<standardEvent>finish</standardEvent>'],
    ]);
    expect(message).toContain('finish');
    expect(message).toContain("'onFirst'");
    expect(namesOneLineOf(message, [lineOf(xml, 'id="onFirst"'), lineOf(xml, 'id="afterFirst"')])).toBe(true);
  });

  it('a timer event listener without a timer expression (Flowable fails when the listener is planned; Weir refuses it)', async () => {
    const { xml, message } = await refuse('pbNoTimer', [[/\s*<timerExpression>PT1H<\/timerExpression>/, '']]);
    expect(message).toContain("'timer'");
    expect(message).toContain(`line ${lineOf(xml, 'id="timer"')}`);
  });

  it('a process task without a process reference (ProcessTaskActivityBehavior fails at run time; Weir refuses it)', async () => {
    const { xml, message } = await refuse('pbNoProcessRef', [[' processRef="someProcess"', '']]);
    expect(message).toContain("'process'");
    expect(message).toContain(`line ${lineOf(xml, 'id="process"')}`);
  });

  it('a case task without a case reference (CaseTaskActivityBehavior fails at run time; Weir refuses it)', async () => {
    const { xml, message } = await refuse('pbNoCaseRef', [
      [
        '<processTask id="process" name="Process" processRef="someProcess"/>',
        '<caseTask id="process" name="Process"/>',
      ],
    ]);
    expect(message).toContain("'process'");
    expect(message).toContain(`line ${lineOf(xml, 'id="process"')}`);
  });

  it('a decision task without a decision reference (DecisionTaskValidator: DECISION_TASK_REFERENCE_MISSING)', async () => {
    const { xml, message } = await refuse('pbNoDecisionRef', [
      [
        '<processTask id="process" name="Process" processRef="someProcess"/>',
        '<decisionTask id="process" name="Process"/>',
      ],
    ]);
    expect(message).toContain("'process'");
    expect(message).toContain(`line ${lineOf(xml, 'id="process"')}`);
  });

  it('a decision task field Flowable does not read (DecisionTaskActivityBehavior reads three fields; Weir refuses the others)', async () => {
    const { xml, message } = await refuse('pbDecisionField', [
      [
        '<processTask id="process" name="Process" processRef="someProcess"/>',
        `<decisionTask id="process" name="Process" decisionRef="someDecision">
        <extensionElements>
          <flowable:field name="resultVariable" stringValue="result"/>
        </extensionElements>
      </decisionTask>`,
      ],
    ]);
    expect(message).toContain("field 'resultVariable'");
    expect(message).toContain(`line ${lineOf(xml, 'id="process"')}`);
  });

  it('asyncLeave on a task (Flowable leaves the plan item in a job; Weir refuses it)', async () => {
    const { xml, message } = await refuse('pbAsyncLeave', [
      [
        '<humanTask id="second" name="Second"/>',
        '<humanTask id="second" name="Second" flowable:asyncLeave="true"/>',
      ],
    ]);
    expect(message).toContain("'flowable:asyncLeave'");
    expect(message).toContain(`line ${lineOf(xml, 'id="second"')}`);
  });

  it('two elements with the same id (XML ids are unique; Weir refuses the second)', async () => {
    const { xml, message } = await refuse('pbDuplicateId', [
      ['<humanTask id="second"', '<humanTask id="first"'],
    ]);
    expect(message).toContain("'first'");
    expect(message).toContain(`line ${lineOf(xml, '<humanTask id="first" name="Second"')}`);
  });
});

describe('whole-file refusals', () => {
  it('text that is not XML is refused (CmmnXmlConverter: error while reading the CMMN 1.1 XML)', async () => {
    const response = await deployCase(h, 'broken.cmmn', '<definitions><case id="broken"');
    expect(response.statusCode).toBe(400);
    expect(response.json().exception as string).toMatch(/line \d+/);
  });

  it('a file without a case is refused (CmmnDeployer: a case resource defines a case)', async () => {
    const message = await caseRefusal(
      h,
      'empty.cmmn',
      '<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" targetNamespace="http://weir.test/cmmn"/>\n',
    );
    expect(message).toContain('case');
  });

  it('every problem of a file is reported at once (Flowable’s converter stops at the first; Weir lists all)', async () => {
    const { xml, message } = await refuse('pbTwoProblems', [
      ['definitionRef="second"', 'definitionRef="missing"'],
      ['sourceRef="timerItem"', 'sourceRef="ghostItem"'],
    ]);
    expect(message).toContain(`line ${lineOf(xml, 'id="secondItem"')}`);
    expect(namesOneLineOf(message, [lineOf(xml, 'id="onTimer"'), lineOf(xml, 'id="afterTimer"')])).toBe(true);
  });

  it('a refused file writes nothing: no deployment, no case definition (DeploymentTest.deployingCaseModelWithErrorsShouldFail)', async () => {
    const before = await listOf(h, `${CMMN}/cmmn-repository/deployments?size=1000`);
    await refuse('pbNothingWritten', [['definitionRef="second"', 'definitionRef="missing"']]);
    expect(await listOf(h, `${CMMN}/cmmn-repository/case-definitions?key=pbNothingWritten`)).toHaveLength(0);
    expect(await listOf(h, `${CMMN}/cmmn-repository/deployments?size=1000`)).toHaveLength(before.length);
  });

  it('a DOCTYPE declaration is refused (XML external entities are never read)', async () => {
    const xml = (await edited('pbDoctype', [])).replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE definitions [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    );
    const message = await caseRefusal(h, 'pbDoctype.cmmn', xml);
    expect(message).toContain('DOCTYPE');
  });
});
