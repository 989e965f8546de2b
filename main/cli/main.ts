// Entry point of the `virt-deck` command (scripts/virt-deck.mjs runs it through tsx, or its build in dist/cli.mjs).
import { runCli } from './run';

// `virt-deck flavor list | head -1` closes our stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

let interrupt: AbortController | undefined;

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  // "\r" and erase-line: the status line is rewritten in place; the text itself was escaped by runCli.
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(`\r\x1b[2K${text}`) } : {}),
  // Only a command that asks gets a Ctrl-C handler; a second Ctrl-C kills the process as usual.
  interrupted: () => {
    if (interrupt === undefined) {
      const controller = new AbortController();
      interrupt = controller;
      process.once('SIGINT', () => controller.abort(new Error('interrupted')));
    }
    return interrupt.signal;
  },
});
