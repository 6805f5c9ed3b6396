#!/usr/bin/env node
/** The `soracom-batch` command: the CLI on the real process. */
import { exitAfterFlush, nodeIo } from './io.js';
import { runCli } from './program.js';

void runCli(process.argv.slice(2), nodeIo()).then(exitAfterFlush);
