// Validates every examples/operations/*.graphql against schema.graphql with the reference
// implementation (graphql-js), as front-end tooling (Apollo, Relay, codegen) would.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, parse, validate } from "graphql";

const root = join(import.meta.dirname, "..", "..");
const schema = buildSchema(readFileSync(join(root, "schema.graphql"), "utf8"));
const dir = join(root, "examples", "operations");
const files = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort();
let failed = 0;
for (const file of files) {
  let errors;
  try {
    errors = validate(schema, parse(readFileSync(join(dir, file), "utf8")));
  } catch (error) {
    errors = [error];
  }
  for (const error of errors) {
    console.error(`${file}: ${error.message}`);
  }
  failed += errors.length > 0 ? 1 : 0;
  console.log(`${errors.length === 0 ? "valid  " : "INVALID"} ${file}`);
}
if (files.length === 0) {
  console.error("no operations found");
  process.exit(1);
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
