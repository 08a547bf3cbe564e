#!/usr/bin/env node
// The `phasegate` bin: loads tsx from this package so the TypeScript CLI runs from any directory.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
