// Entry point of the phasegate command: run, print one line (stdout when done, stderr otherwise), exit with its code.
import { run } from "./phasegate";

const { code, out } = await run(process.argv.slice(2), process.env);
(code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
process.exitCode = code;
