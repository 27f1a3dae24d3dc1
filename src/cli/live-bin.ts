// Bundle entry (npm run bundle → dist/servesim.bundle.mjs): runs the live-only CLI with the process
// arguments. Importing this module runs it, so nothing else imports it.
import { liveMain } from "./live-entry.js";

process.exitCode = await liveMain(process.argv);
