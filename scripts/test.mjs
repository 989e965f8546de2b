// `npm test`: everything CI checks, in order — system packages, lint (layering), typecheck, build,
// unit, lab lifecycle, integration (against the real lab), e2e (real Chromium). Ends with one
// "N passed, N failed" line summing every suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './system-packages.mjs';

const reportDir = mkdtempSync(join(tmpdir(), 'virt-deck-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(title, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${title}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  console.log(`=== ${title}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds}s`);
  if (!ok) failedSteps.push(title);
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += j.numPassedTests ?? 0;
  totals.failed += j.numFailedTests ?? 0;
  totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

function vitest(project) {
  const out = join(reportDir, `${project}.json`);
  const ok = run(`vitest ${project}`, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  countVitest(out);
  return ok;
}

if (!ensureSystemPackages()) process.exit(1);

// Static checks first: a layering violation or a type error fails fast.
const staticOk = run('lint', 'npx', ['eslint', '--max-warnings', '0', '.']) && run('typecheck', 'npm', ['run', '-s', 'typecheck']);
if (staticOk && run('build', 'node', ['scripts/build.mjs'])) {
  vitest('unit');
  vitest('lab');
  vitest('integration');
  const pwOut = join(reportDir, 'e2e.json');
  run('e2e', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwOut });
  countPlaywright(pwOut);
}
rmSync(reportDir, { recursive: true, force: true });

console.log('');
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
