// One instance per process. The custom server (scripts/, run by tsx) and Next's bundled route modules load separate
// copies of every module in the same process; a registered global symbol is the only thing they share, so the
// notify listener, the flag snapshot and the event hub live there.

type Registry = Record<symbol, unknown>;

const registry = globalThis as unknown as Registry;

export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`phasegate.${name}`);
  if (!(key in registry)) registry[key] = create();
  return registry[key] as T;
}

/** Removes the instance (the next call creates a fresh one) and returns it, so the caller can stop it. */
export function releaseProcessSingleton<T>(name: string): T | undefined {
  const key = Symbol.for(`phasegate.${name}`);
  const instance = registry[key] as T | undefined;
  delete registry[key];
  return instance;
}
