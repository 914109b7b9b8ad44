// Checks the public API as jsii compiled it (.jsii), after every compile: what Construct Hub shows
// users in TypeScript, Python and Java. Fails, listing every problem, when
//  - a public type, property, method or parameter has no summary;
//  - an optional property of a props struct, or a metric method, does not state its default (@default);
//  - a doc speaks of things only this repository's developers know: "the seed" solution, issue numbers;
//  - a public property or parameter is typed `any` (but for aws-cdk-lib's own any-typed values: ANY_ALLOWED).
import { readFileSync } from 'fs';
import { join } from 'path';

interface Docs {
  readonly summary?: string;
  readonly remarks?: string;
  readonly default?: string;
  readonly see?: string;
  readonly deprecated?: string;
}
interface TypeReference {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly elementtype: TypeReference };
  readonly union?: { readonly types: TypeReference[] };
}
interface Property {
  readonly name: string;
  readonly docs?: Docs;
  readonly optional?: boolean;
  readonly type: TypeReference;
  readonly overrides?: string;
}
interface Method {
  readonly name: string;
  readonly docs?: Docs;
  readonly parameters?: Array<{ readonly name: string; readonly docs?: Docs; readonly type: TypeReference }>;
  readonly overrides?: string;
}
interface JsiiType {
  readonly fqn: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly datatype?: boolean;
  readonly docs?: Docs;
  readonly properties?: Property[];
  readonly methods?: Method[];
  readonly members?: Array<{ readonly name: string; readonly docs?: Docs }>;
}

/**
 * Props that take aws-cdk-lib's own `any`-typed values as they are: `FilterCriteria.filter()`
 * returns `{ [key: string]: any }`, and a narrower type could not be built from it in Java or C#.
 */
const ANY_ALLOWED = new Set(['KinesisLambdaProcessorProps.filters']);

/** Words that mean nothing to a user reading the docs on Construct Hub. */
const INTERNAL_WORDS = [/\bseed\b/i, /\bissue\s*#?\d+/i, /(^|\s)#\d+\b/];

function isAny(type: TypeReference): boolean {
  return type.primitive === 'any'
    || (type.collection !== undefined && isAny(type.collection.elementtype))
    || (type.union !== undefined && type.union.types.some(isAny));
}

function docsText(docs: Docs | undefined): string {
  return [docs?.summary, docs?.remarks, docs?.default, docs?.see].filter(Boolean).join('\n');
}

function check(types: JsiiType[]): string[] {
  const problems: string[] = [];
  const checkDocs = (where: string, docs: Docs | undefined) => {
    if (!docs?.summary?.trim()) {
      problems.push(`${where}: no summary`);
    }
    for (const word of INTERNAL_WORDS) {
      if (word.test(docsText(docs))) {
        problems.push(`${where}: its docs mention ${word} (${docsText(docs).match(word)?.[0]}), which means nothing to a user`);
      }
    }
  };
  for (const type of types) {
    const name = type.fqn.split('.').pop();
    checkDocs(name!, type.docs);
    for (const member of type.members ?? []) {
      checkDocs(`${name}.${member.name}`, member.docs);
    }
    for (const property of type.properties ?? []) {
      if (property.overrides) {
        continue; // documented where it is declared
      }
      const where = `${name}.${property.name}`;
      checkDocs(where, property.docs);
      if (type.datatype && property.optional && !property.docs?.default) {
        problems.push(`${where}: optional, but no @default`);
      }
      if (isAny(property.type) && !ANY_ALLOWED.has(where)) {
        problems.push(`${where}: typed any`);
      }
    }
    for (const method of type.methods ?? []) {
      if (method.overrides) {
        continue;
      }
      const where = `${name}.${method.name}()`;
      checkDocs(where, method.docs);
      if (/^metric/.test(method.name) && !method.docs?.default) {
        problems.push(`${where}: a metric method, but no @default for its statistic and period`);
      }
      for (const parameter of method.parameters ?? []) {
        if (isAny(parameter.type)) {
          problems.push(`${where} parameter ${parameter.name}: typed any`);
        }
      }
    }
  }
  return problems;
}

const assembly = JSON.parse(readFileSync(join(__dirname, '..', '.jsii'), 'utf-8')) as { types: Record<string, JsiiType> };
const types = Object.values(assembly.types);
const problems = check(types);
if (problems.length > 0) {
  console.error(`The public API docs have ${problems.length} problem(s):\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(`The public API docs are complete: ${types.length} types checked.`);
