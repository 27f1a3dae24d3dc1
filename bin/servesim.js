#!/usr/bin/env node
// servesim command-line entry: runs the compiled CLI (dist/ is built by `npm ci` via the prepare script).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv);
