// The JSON-schema (draft 4) keywords the pattern's request models use, checked the way API
// Gateway's request validator reports them (its messages are those of the Java
// json-schema-validator). A keyword it does not implement throws, so a model that grows a new
// rule makes the stand-in fail loudly instead of letting bodies through unchecked.

type Schema = Record<string, unknown>;

const ANNOTATIONS = ['schema', '$schema', 'title', 'description'];
const KEYWORDS = new Set([
  ...ANNOTATIONS, 'type', 'required', 'additionalProperties', 'properties', 'minLength', 'maxLength', 'minItems', 'maxItems', 'items', 'not',
]);

/** The JSON type name the validator reports: whole numbers are 'integer'. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Every rule of `schema` that `value` breaks, as the validator words it; empty when valid. */
export function schemaErrors(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(schema, value, errors);
  return errors;
}

function check(schema: Schema, value: unknown, errors: string[]): void {
  const unknown = Object.keys(schema).filter((key) => !KEYWORDS.has(key));
  if (unknown.length > 0) {
    throw new Error(`The stand-in does not implement the JSON-schema keyword(s) ${unknown.join(', ')} of the pattern's model.`);
  }
  const type = jsonType(value);
  if (schema.type !== undefined) {
    const allowed = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
    if (!allowed.some((name) => name === type || (name === 'number' && type === 'integer'))) {
      errors.push(`instance type (${type}) does not match any allowed primitive type (allowed: ${JSON.stringify(allowed)})`);
      return;
    }
  }
  if (schema.not !== undefined && schemaErrors(schema.not as Schema, value).length === 0) {
    errors.push('instance matched a schema which it should not have');
  }
  if (type === 'string') {
    checkString(schema, value as string, errors);
  } else if (type === 'array') {
    checkArray(schema, value as unknown[], errors);
  } else if (type === 'object') {
    checkObject(schema, value as Record<string, unknown>, errors);
  }
}

function checkString(schema: Schema, value: string, errors: string[]): void {
  // Lengths in Unicode code points, as JSON Schema counts them.
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    errors.push(`string ${JSON.stringify(value)} is too short (length: ${length}, required minimum: ${schema.minLength})`);
  }
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    errors.push(`string ${JSON.stringify(value.slice(0, 40))}... is too long (length: ${length}, maximum allowed: ${schema.maxLength})`);
  }
}

function checkArray(schema: Schema, value: unknown[], errors: string[]): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    errors.push(`array is too short: must have at least ${schema.minItems} elements but instance has ${value.length} elements`);
  }
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    errors.push(`array is too long: must have at most ${schema.maxItems} elements but instance has ${value.length} elements`);
  }
  if (schema.items !== undefined) {
    value.forEach((item) => check(schema.items as Schema, item, errors));
  }
}

function checkObject(schema: Schema, value: Record<string, unknown>, errors: string[]): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const missing = ((schema.required ?? []) as string[]).filter((name) => !(name in value));
  if (missing.length > 0) {
    errors.push(`object has missing required properties (${JSON.stringify(missing)})`);
  }
  if (schema.additionalProperties === false) {
    const unwanted = Object.keys(value).filter((name) => !(name in properties));
    if (unwanted.length > 0) {
      errors.push(`object instance has properties which are not allowed by the schema: ${JSON.stringify(unwanted)}`);
    }
  }
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (name in value) {
      check(propertySchema, value[name], errors);
    }
  }
}
