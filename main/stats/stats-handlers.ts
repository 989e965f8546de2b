// The contract's handler for `stats.watch`: a viewer's watch goes to the collector, keyed by the calling viewer.
import type { Contract } from '../../common/contract/channels';
import { ServiceError } from '../api/errors';
import type { Handlers } from '../api/service';
import type { StatsCollector } from './stats-collector';

/** The handlers of the stats channels; without a collector they answer `unavailable`. */
export function statsHandlers(collector: Pick<StatsCollector, 'watch'> | undefined): Pick<Handlers<Contract>, 'stats.watch'> {
  return {
    'stats.watch': (args, context) => {
      if (collector === undefined) throw new ServiceError('unavailable', 'Live statistics are not running in this process');
      if (context.viewer === undefined) {
        throw new ServiceError('invalid_input', 'stats.watch needs a viewer: it is called from a window or a web connection, which receives the samples');
      }
      return { level: args.level, history: collector.watch(context.viewer, args.level, args.uuids) };
    },
  };
}
