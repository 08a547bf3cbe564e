// Entry point of the phasegate command: run, print (stdout when done, stderr otherwise; a scan report always to stdout), exit with its code.
import { run } from "./phasegate";

const { code, out, err } = await run(process.argv.slice(2), process.env);
if (err === undefined) (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
else {
  if (out) process.stdout.write(`${out}\n`);
  if (err) process.stderr.write(`${err}\n`);
}
process.exitCode = code;
