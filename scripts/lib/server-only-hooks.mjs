// Module resolution hook for Node processes that run lib/ services outside Next.js (the custom server, scripts):
// "server-only" exists to keep server code out of browser bundles; on the server itself it has nothing to guard.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return nextResolve(specifier, context);
}
