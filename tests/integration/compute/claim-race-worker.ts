// One process of the claim race (see claim-race.ts): opens its own connection to the shared inventory file,
// says "ready", waits for "go" on stdin, then fires its claims back to back and reports each as a JSON line.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { claimInstances } from '../../../main/compute/claim';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';

const [file, project, claimsArg, worker, flavor] = process.argv.slice(2);
if (!file || !project || !claimsArg || !worker || !flavor) {
  process.stderr.write('usage: claim-race-worker <db file> <project> <claims> <worker id> <flavor>\n');
  process.exit(2);
}

// writeSync: a line is on the pipe before the next claim starts, even if the parent is slow to read.
const report = (message: unknown): void => {
  writeSync(1, `${JSON.stringify(message)}\n`);
};

const store = openSqliteStore({ file });
report({ type: 'ready' });
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();

for (let i = 0; i < Number(claimsArg); i++) {
  const started = performance.now();
  try {
    const result = claimInstances(store, { project, name: `w${worker}-${i}`, flavor });
    const claim = result.claims[0];
    report({ type: 'claim', ok: true, uuid: claim?.instance.uuid, host: claim?.host.name, ms: performance.now() - started });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'unknown';
    const message = error instanceof Error ? error.message : String(error);
    report({ type: 'claim', ok: false, error: name, message, ms: performance.now() - started });
  }
}
store.close();
report({ type: 'done' });
