/**
 * Plain JavaScript of the compiler (and of the baseline) for the benchmarks to measure.
 *
 * `npm run bench` runs under tsx, whose esbuild transform keeps function names by wrapping
 * function expressions in `__name(...)` calls. A chevrotain parser creates closures on
 * every rule call (`OR([{ ALT: () => ... }])`), and these calls cost what the built package
 * (tsc output) does not: measured side by side, the example JSON grammar ran 2.5× slower
 * under tsx than as plain JS, while the DSL parser changed little — so under tsx the
 * DSL/JSON ratio would look twice as good as it is. The benchmark therefore transpiles the
 * sources with TypeScript itself (no type check; what `tsc` emits) into `bench/out/js/`
 * and measures that; both sides of every ratio run the same way.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

/** `.ts` files under `root` (a folder or one file), tests and declarations left out. */
function sources(root: string): string[] {
  if (statSync(root).isFile()) return [root];
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const path = join(root, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/**
 * Transpiles every `.ts` under `roots` (relative to `repo`) to `outDir`, keeping the layout,
 * so the sources' relative `.js` imports resolve among the outputs and packages resolve from
 * the repository's node_modules. Returns the number of files written.
 */
export function transpileTree(repo: string, outDir: string, roots: readonly string[]): number {
  let n = 0;
  for (const root of roots) {
    for (const file of sources(join(repo, root))) {
      const out = ts.transpileModule(readFileSync(file, "utf8"), {
        fileName: file,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, sourceMap: false },
      });
      const target = join(outDir, relative(repo, file)).replace(/\.ts$/, ".js");
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, out.outputText);
      n++;
    }
  }
  return n;
}
