import js from "@eslint/js";
import tseslint from "typescript-eslint";

const noNodeIo = ["pg", "fs", "path", "child_process", "fastify", "undici", "node:*", "@electric-sql/*"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".cache/**", "bench/out/**", "bin/**", "eslint.config.js", "runtime/cli/bundle.mjs", "schemas/ir-validator.generated.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["dsl/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/runtime/**", "**/workflows/**"], message: "dsl/ is pure: it never imports the runtime." }] },
      ],
    },
  },
  {
    files: ["workflows/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: noNodeIo, message: "workflows are deterministic: do I/O in activities." },
            { group: ["**/runtime/**", "!**/runtime/activities/**"], message: "workflows import only types from runtime/activities." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "Date", message: "use workflow time, not the clock" }],
    },
  },
  {
    // The web console's browser modules, served as they are (no build step): plain JS with browser globals.
    files: ["runtime/console/static/**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: "module",
      globals: { document: "readonly", window: "readonly", location: "readonly", sessionStorage: "readonly", fetch: "readonly", URLSearchParams: "readonly", HashChangeEvent: "readonly", Node: "readonly" },
    },
  },
);
