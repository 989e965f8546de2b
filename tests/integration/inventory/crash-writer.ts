// Child of crash.test.ts: commits rows to the inventory in a loop, printing each id only after COMMIT returned,
// until it is SIGKILLed. Each transaction writes two rows (a project and its quota) so atomicity is checked too,
// and a padded description so the WAL grows and checkpoints run between kills.
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';

const [file, startArg] = process.argv.slice(2);
if (!file || !startArg) {
  process.stderr.write('usage: crash-writer <db file> <first id>\n');
  process.exit(2);
}

const store = openSqliteStore({ file });
for (let id = Number(startArg); ; id++) {
  const padding = randomBytes(4096 + (id % 8) * 1024).toString('base64');
  store.write((repos) => {
    const project = repos.projects.insert({ name: `crash-${id}`, description: padding });
    repos.quotas.set(project.id, 'cores', id);
  });
  // One write(2) per line: a kill cannot split it, so every line the parent reads is a whole id.
  writeSync(1, `${id}\n`);
}
