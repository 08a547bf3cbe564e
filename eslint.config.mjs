import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import boundaries from "./scripts/lib/eslint-boundaries.mjs";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "lib/db/generated/**",
    "clients/cli/dist/**",
    ".phasegate/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    plugins: { phasegate: boundaries },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // Import boundaries (scripts/lib/eslint-boundaries.mjs): they resolve relative imports too.
      "phasegate/db-client-only-in-services": "error",
      "phasegate/pure-imports-no-io": "error",
      "phasegate/client-imports-no-server-module": "error",
      "phasegate/lib-imports-no-app": "error",
      "phasegate/api-calls-through-queries-and-mutations": "error",
      // Configuration is read and validated in lib/env.ts only.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read environment variables through lib/env.ts." },
      ],
    },
  },
  {
    // Processes that configure themselves or their children, programs that run outside the server (the CLI),
    // and tests that set up their environment.
    files: [
      "lib/env.ts",
      "scripts/**",
      "clients/cli/main.ts",
      "bench/**",
      "**/testing/**",
      "**/*.test.ts",
      "**/*.test.tsx",
      "e2e/**",
      "playwright.config.ts",
      "prisma.config.ts",
      "next.config.js",
    ],
    rules: { "no-restricted-properties": "off" },
  },
]);
