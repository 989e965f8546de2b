import { describe, expect, it } from 'vitest';
import { summarize, summaryTitle } from '../../../../../../renderer/features/instances/actions/action-summary';

describe('action summary', () => {
  it('sorts outcomes into done, not done (with the offer) and refused, named, in the order asked', () => {
    const names = new Map([
      ['u1', 'web'],
      ['u2', 'db'],
      ['u3', 'cache'],
    ]);
    const summary = summarize(
      'Stop',
      [
        { uuid: 'u1', ok: true, message: null, done: true, offer: null },
        { uuid: 'u2', ok: true, message: 'Instance db did not stop within 60 s', done: false, offer: 'force-stop' },
        { uuid: 'u3', ok: false, message: 'Instance cache is locked' },
        { uuid: 'u4', ok: false, message: 'Instance u4 not found' },
      ],
      names,
    );
    expect(summary.done).toEqual([{ uuid: 'u1', name: 'web', message: null, offer: null }]);
    expect(summary.notDone).toEqual([{ uuid: 'u2', name: 'db', message: 'Instance db did not stop within 60 s', offer: 'force-stop' }]);
    expect(summary.refused.map((l) => [l.name, l.message])).toEqual([
      ['cache', 'Instance cache is locked'],
      ['u4', 'Instance u4 not found'],
    ]);
    expect(summaryTitle(summary)).toBe('Stop 4 instances: 1 done, 1 not done, 2 refused');
    expect(summaryTitle(summarize('Reboot', [{ uuid: 'u1', ok: true, message: null }], names))).toBe('Reboot 1 instance: 1 done');
  });
});
