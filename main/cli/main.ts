// Entry point of the `virt-deck` command (scripts/virt-deck.mjs runs it through tsx, or its build in dist/cli.mjs).
import { runCli } from './run';

// `virt-deck flavor list | head -1` closes our stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
