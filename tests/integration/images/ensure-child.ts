// Child of base-volume-processes.test.ts: one process calling ensureBaseVolume on a shared inventory, as the app and
// a CLI command would. Prints one JSON line per event on stdout: `progress` (bytes so far), then `done` (the base
// volume and how many uploads this process started) or `error`.
import { writeSync } from 'node:fs';
import { ActivityRegistry } from '../../../main/activity';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { ensureBaseVolumeOn } from '../../../main/images';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';

const [file, dataDir, hostId, imageId, heartbeatMs] = process.argv.slice(2);
if (!file || !dataDir || !hostId || !imageId) {
  process.stderr.write('usage: ensure-child <db file> <data dir> <host id> <image id> [heartbeat ms]\n');
  process.exit(2);
}
// One write(2) per line, so the parent never reads half a line even when it kills us mid-stream.
const say = (event: Record<string, unknown>): void => void writeSync(1, `${JSON.stringify(event)}\n`);

const store = openSqliteStore({ file });
const hosts = new OneShotHostConnections(store);
const activity = new ActivityRegistry();
const image = store.images.get(imageId);
if (image === undefined) throw new Error(`no image ${imageId}`);
try {
  const base = await ensureBaseVolumeOn(hosts, hostId, image, {
    store,
    dataDir,
    activity,
    onProgress: (progress) => say({ event: 'progress', bytes: progress.bytes }),
    timing: heartbeatMs === undefined ? {} : { heartbeatMs: Number(heartbeatMs), pollMs: 100 },
    log: (message) => say({ event: 'log', message }),
  });
  say({ event: 'done', base, uploads: activity.list().filter((a) => a.kind === 'upload').length });
} catch (error) {
  say({ event: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  await hosts.close();
  store.close();
}
