/**
 * Compensation: handlers attached by a compensation boundary event and an association run
 * when a compensation event is thrown, for every completed activity of the scope or for one
 * (`activityRef`). As in Flowable, the throw event does not wait for user-task handlers: the
 * flow after it goes on beside them. After Flowable's `CompensateEventTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  completeTask,
  familyFixtures,
  historicActivities,
  historicVariablesOf,
  isEnded,
  openTaskKeys,
  start,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('compensation'));
beforeAll(() => {
  h = use();
});

describe('compensation', () => {
  it('a compensation throw without activityRef runs the handler of every completed activity (CompensateEventTest.testCompensateServiceTask)', async () => {
    const instance = await start(h, 'cpAll');
    await completeTask(h, instance.id, 'pay', { paid: false });
    expect((await variablesOf(h, instance.id)).flight?.value).toBe('cancelled');
    expect(await openTaskKeys(h, instance.id)).toContain('cancelHotel');
  });

  it('the flow after the throw goes on beside a user-task handler (CompensateEventTest.testCompensateSubprocessWithUserTask2)', async () => {
    const instance = await start(h, 'cpAll');
    await completeTask(h, instance.id, 'pay', { paid: false });
    expect(await openTaskKeys(h, instance.id)).toEqual(['afterUndo', 'cancelHotel']);
    await completeTask(h, instance.id, 'cancelHotel');
    expect(await openTaskKeys(h, instance.id)).toEqual(['afterUndo']);
  });

  it('without a compensation throw, no handler runs (CompensateEventTest.testCompensateServiceTask)', async () => {
    const instance = await start(h, 'cpAll');
    await completeTask(h, instance.id, 'pay', { paid: true });
    expect(await isEnded(h, instance.id)).toBe(true);
    const history = await historicVariablesOf(h, instance.id);
    expect(history.flight?.value).toBe('booked');
    const ids = (await historicActivities(h, instance.id)).map((row) => row.activityId);
    expect(ids).not.toContain('cancelFlight');
  });

  it('activityRef compensates only the named activity (CompensateEventTest.testCompensateSubprocess)', async () => {
    const instance = await start(h, 'cpOne');
    const variables = await variablesOf(h, instance.id);
    expect(variables.stock?.value).toBe('released');
    expect(variables.notice?.value).toBe('sent');
  });

  it('a compensation end event compensates what is left, and an activity is compensated only once (CompensateEventTest.testCompensateScope)', async () => {
    const instance = await start(h, 'cpOne');
    await completeTask(h, instance.id, 'check');
    expect(await isEnded(h, instance.id)).toBe(true);
    const history = await historicVariablesOf(h, instance.id);
    expect(history.notice?.value).toBe('retracted');
    const releases = (await historicActivities(h, instance.id)).filter((row) => row.activityId === 'release');
    expect(releases).toHaveLength(1);
  });

  it('handlers appear in history as activities of their own (CompensateEventTest.testCompensationStepEndTimeRecorded)', async () => {
    const instance = await start(h, 'cpOne');
    const release = (await historicActivities(h, instance.id)).find((row) => row.activityId === 'release');
    expect(release).toMatchObject({ activityType: 'serviceTask' });
    expect(release?.endTime).toBeTruthy();
  });

  it('a throw before the compensable activity completed compensates nothing (CompensateEventTest.testCompensateScope)', async () => {
    const instance = await start(h, 'cpNothing');
    expect(await openTaskKeys(h, instance.id)).toEqual(['wait']);
    const variables = await variablesOf(h, instance.id);
    expect(variables.charged?.value).toBe(true);
    expect(variables).not.toHaveProperty('refunded');
  });
});
