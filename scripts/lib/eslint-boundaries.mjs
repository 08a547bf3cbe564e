// Phasegate's import boundaries as ESLint rules. Each import is resolved to a file in the repository (through the
// "@/" alias or a relative path), so `../db/client` is caught as surely as `@/lib/db/client`.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];

const relative = (file) => path.relative(ROOT, file).split(path.sep).join("/");

function resolveImport(fromFile, specifier) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && !candidate.endsWith(path.sep)) {
      try {
        readFileSync(candidate);
        return relative(candidate);
      } catch {
        // a directory: try the next candidate
      }
    }
  }
  return relative(base);
}

const serverOnlyCache = new Map();
function isServerOnly(file) {
  if (!serverOnlyCache.has(file)) {
    let text = "";
    try {
      text = readFileSync(path.join(ROOT, file), "utf8");
    } catch {
      // unresolved: judged by its name alone
    }
    serverOnlyCache.set(file, /^import "server-only";/m.test(text));
  }
  return serverOnlyCache.get(file);
}

const isTest = (file) => /\.test\.tsx?$/.test(file) || /(^|\/)testing\//.test(file) || file.startsWith("e2e/");
const isService = (file) => /(^|\/)(service|[\w-]+-service|[\w-]+-store)\.tsx?$/.test(file);
// lib/db/postgres-url.ts only parses URLs; everything else in lib/db/ talks to PostgreSQL or the migration engine.
const isDbModule = (file) => file.startsWith("lib/db/") && file !== "lib/db/postgres-url.ts";
// The request spine and the event plumbing are infrastructure, like lib/db/: not pure, whatever their names.
const isInfrastructure = (file) => /^lib\/(db|http|events)\//.test(file);
const isDbClient = (file) => /^lib\/db\/(client|generated\/)/.test(file);
const startsWithUseClient = (program) =>
  program.body.some((node) => node.type === "ExpressionStatement" && node.directive === "use client");

function typeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === "type" || s.exportKind === "type");
}

/** Builds a rule that calls `check(importer, imported, { typeOnly })` for each import and reports its message. */
function boundary(description, check) {
  return {
    meta: { type: "problem", docs: { description }, schema: [] },
    create(context) {
      const importer = relative(context.filename);
      const visit = (node, source, isTypeOnly) => {
        if (!source || typeof source.value !== "string") return;
        const imported = resolveImport(context.filename, source.value);
        if (!imported) return;
        const message = check(importer, imported, { typeOnly: isTypeOnly, program: context.sourceCode.ast });
        if (message) context.report({ node, message: `${message} (${importer} imports ${imported})` });
      };
      return {
        ImportDeclaration: (node) => visit(node, node.source, typeOnly(node)),
        ExportNamedDeclaration: (node) => visit(node, node.source, typeOnly(node)),
        ExportAllDeclaration: (node) => visit(node, node.source, node.exportKind === "type"),
        ImportExpression: (node) => visit(node, node.source, false),
      };
    },
  };
}

const rules = {
  // Only services and stores (and the database layer, scripts, benchmarks and tests) talk to the database client.
  "db-client-only-in-services": boundary("lib/db/client is imported only by services and stores", (from, to, i) => {
    if (!isDbClient(to) || i.typeOnly) return null;
    if (isService(from) || isTest(from)) return null;
    if (from.startsWith("lib/db/") || from.startsWith("scripts/") || from.startsWith("bench/")) return null;
    return "Only service.ts, *-service.ts and *-store.ts files import the database client; rename the file or move the query into one";
  }),
  // Pure modules decide; they import no database module, service or other server-only module.
  "pure-imports-no-io": boundary("pure lib modules import no database module or service", (from, to, i) => {
    if (!from.startsWith("lib/") || i.typeOnly || isTest(from)) return null;
    if (isService(from) || isServerOnly(from) || isInfrastructure(from)) return null;
    if (isDbModule(to) || isService(to) || isServerOnly(to)) {
      return "A pure module imports no database module or service; name the file *-service.ts or *-store.ts if it does I/O";
    }
    return null;
  }),
  // What runs in the browser never pulls in server code.
  "client-imports-no-server-module": boundary(
    "components and client views import no server-only module",
    (from, to, i) => {
      if (i.typeOnly) return null;
      if (!from.startsWith("components/") && !startsWithUseClient(i.program)) return null;
      if (isDbModule(to) || isService(to) || isServerOnly(to) || to === "lib/env.ts") {
        return "Browser code imports no service, database module or server-only module";
      }
      return null;
    },
  ),
  // Dependencies point one way: lib/ never reaches up into app/ or components/, tests included.
  "lib-imports-no-app": boundary("lib/ imports nothing from app/ or components/", (from, to) => {
    if (!from.startsWith("lib/")) return null;
    if (to.startsWith("app/") || to.startsWith("components/")) {
      return "lib/ imports nothing from app/ or components/; a route's test lives beside the route";
    }
    return null;
  }),
};

// Pages and components call the API only through a domain's queries.ts (reads) and mutations.ts (writes), so URLs
// and invalidations live in one place per domain. ApiError may be imported anywhere: components branch on its code.
rules["api-calls-through-queries-and-mutations"] = {
  meta: {
    type: "problem",
    docs: { description: "apiFetch is called from queries.ts and mutations.ts only" },
    schema: [],
  },
  create(context) {
    const importer = relative(context.filename);
    if (!importer.startsWith("app/") && !importer.startsWith("components/")) return {};
    return {
      ImportDeclaration(node) {
        if (resolveImport(context.filename, String(node.source.value)) !== "lib/http/api-client.ts") return;
        for (const specifier of node.specifiers) {
          const name = specifier.type === "ImportSpecifier" ? specifier.imported.name : null;
          if (name === "ApiError") continue;
          context.report({
            node: specifier,
            message: `Call the API through the domain's queries.ts or mutations.ts, not from ${importer}`,
          });
        }
      },
    };
  },
};

const plugin = { meta: { name: "phasegate-boundaries" }, rules };
export default plugin;
