// Validates every examples/operations/*.graphql against schema.graphql with the reference
// implementation (graphql-js), as front-end tooling (Apollo, Relay, codegen) would.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  validate,
} from "graphql";

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
// The schema is the product: every type, field, argument and enum value is described.
const undescribed = [];
for (const type of Object.values(schema.getTypeMap())) {
  if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) {
    continue;
  }
  if (!type.description) undescribed.push(type.name);
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!field.description) undescribed.push(`${type.name}.${field.name}`);
      for (const arg of field.args ?? []) {
        if (!arg.description) undescribed.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) {
      if (!value.description) undescribed.push(`${type.name}.${value.name}`);
    }
  }
}
for (const name of undescribed) console.error(`schema.graphql: ${name} has no description`);
console.log(`${undescribed.length === 0 ? "valid  " : "INVALID"} schema.graphql descriptions`);
failed += undescribed.length > 0 ? 1 : 0;
if (files.length === 0) {
  console.error("no operations found");
  process.exit(1);
}
console.log(`${files.length + 1 - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
