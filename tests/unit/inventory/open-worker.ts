// Child of concurrent-open.test.ts: open (creating and migrating) the inventory and report what it sees.
import { openSqliteStore } from '../../../main/inventory/sqlite/store';

const [file, startAt] = process.argv.slice(2);
if (!file || !startAt) {
  process.stderr.write('usage: open-worker <db file> <start at, epoch ms>\n');
  process.exit(2);
}
// Every worker opens at the same wall-clock moment, after its (slower, variable) startup.
await new Promise((resolveWait) => setTimeout(resolveWait, Math.max(0, Number(startAt) - Date.now())));
const store = openSqliteStore({ file });
process.stdout.write(JSON.stringify({ projects: store.projects.list().length, flavors: store.flavors.list().length }));
store.close();
