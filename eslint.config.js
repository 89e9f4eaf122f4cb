import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import globals from "globals";

const layer = (files, patterns, message) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      ...jsxA11y.flatConfigs.recommended.rules,
      // The editor's toolbar buttons use onMouseDown only to keep the selection; the click does the work.
      "jsx-a11y/no-autofocus": "off",
    },
  },
  // Layers (docs/decisions/001): dependencies point one way.
  layer(
    ["app/domain/**"],
    [
      "@remix-run/*",
      "drizzle-orm",
      "drizzle-orm/*",
      "~db/*",
      "~/data/*",
      "~/services/*",
      "react",
      "~/routes/*",
    ],
    "domain code is plain TypeScript: no framework, database or I/O",
  ),
  layer(
    ["app/data/**"],
    ["@remix-run/*", "~/services/*", "~/routes/*", "react"],
    "data modules only run SQL",
  ),
  layer(
    ["app/services/**"],
    ["@remix-run/*", "react", "~/routes/*"],
    "services do not know about HTTP or React",
  ),
  layer(
    ["app/routes/**"],
    ["drizzle-orm", "drizzle-orm/*", "~db/*"],
    "routes call services and data readers, never the ORM",
  ),
  {
    files: ["app/domain/**/*.ts"],
    ignores: ["**/*.test.ts", "app/domain/shared/clock.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Use the injected clock (now argument).",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Use the injected clock (now argument).",
        },
      ],
    },
  },
);
