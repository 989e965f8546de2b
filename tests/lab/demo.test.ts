import { describe, expect, it } from 'vitest';
import { demoReleaseVerdict } from './demo';

// `npm start -- --demo` takes the lab down at exit only when it started it, nobody took it over, and no other run uses it.
describe('demoReleaseVerdict', () => {
  it('never takes down a lab that ran before the demo, was taken over by the CLI, or is used by others', () => {
    expect(demoReleaseVerdict({ startedNow: false, owner: 'fixture', otherLeases: [] })).toEqual({ down: false, why: 'the lab was running before the demo: left up' });
    expect(demoReleaseVerdict({ startedNow: false, owner: 'cli', otherLeases: [] }).down).toBe(false);
    expect(demoReleaseVerdict({ startedNow: true, owner: 'cli', otherLeases: [] })).toEqual({ down: false, why: 'the lab was taken over by `npm run lab -- up`: left up' });
    expect(demoReleaseVerdict({ startedNow: true, owner: 'fixture', otherLeases: [4242] })).toEqual({ down: false, why: 'the lab is in use by other runs (pids 4242): left up' });
  });

  it('takes down the lab it started when it is the last user', () => {
    expect(demoReleaseVerdict({ startedNow: true, owner: 'fixture', otherLeases: [] })).toEqual({ down: true, why: 'the lab the demo started is down' });
  });
});
