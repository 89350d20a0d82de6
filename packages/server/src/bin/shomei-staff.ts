#!/usr/bin/env node
/**
 * `shomei-staff`, the published package's bin: the staff CLI (../cli.ts).
 *
 * cli.ts starts itself only when it is the main module under its real path; npm links a bin
 * through a symlink in node_modules/.bin, so the bin starts it here. cli.ts is a build entry of
 * its own, which keeps its code (and that check) out of this file.
 */
import { runCli } from '../cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
