import type { NoValidHost, ScheduleFailure } from '../placement/types';
import type { QuotaExceeded } from '../quota/check';

/** Nova's TooManyInstances / OverQuota: the request does not fit the project's quota. The message is Nova's text. */
export class QuotaExceededError extends Error {
  override readonly name = 'QuotaExceededError';
  constructor(readonly check: QuotaExceeded) {
    super(check.message);
  }
}

/** Nova's NoValidHost: no host passed the filters; `detail` and `schedule` say which filter removed which host. */
export class NoValidHostError extends Error {
  override readonly name = 'NoValidHostError';
  readonly detail: string;
  constructor(readonly schedule: ScheduleFailure) {
    super(`${schedule.error.message} ${schedule.error.detail}`);
    this.detail = schedule.error.detail;
  }

  /** Nova's fields (message, failing instance, filter counts). */
  get noValidHost(): NoValidHost {
    return this.schedule.error;
  }
}
