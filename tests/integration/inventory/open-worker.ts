// Child of concurrent-open.test.ts: open (creating and migrating) the inventory and report what it sees.
// It says "ready" once started and opens when the parent writes "go", so every worker opens at the same moment
// whatever its (slower, variable) startup took.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: open-worker <db file>\n');
  process.exit(2);
}
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(lines, 'line');
lines.close();
const store = openSqliteStore({ file });
process.stdout.write(`${JSON.stringify({ projects: store.projects.list().length, flavors: store.flavors.list().length })}\n`);
store.close();
