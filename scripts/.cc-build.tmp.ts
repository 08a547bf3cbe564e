import { buildIfNeeded } from "./lib/build";
console.log(buildIfNeeded((m: string) => console.log(m)));
