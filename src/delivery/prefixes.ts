// S3 prefixes of the delivery stream: the defaults and the rules Firehose applies to their
// `!{namespace:value}` expressions, checked at synth time
// (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html).
import { PropsValidator } from '../core/validation';

/**
 * The time partitioning of every default prefix: Hive-style `dt=`/`hour=` folders (as the
 * reference Flink application writes them), which Athena, Glue and Spark read as partition
 * columns. Firehose's `!{timestamp}` is the time the record reached Firehose (UTC), not a time
 * inside the record.
 */
export const TIMESTAMP_PARTITIONS = 'dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}';

/** Where delivered records go by default. */
export const DEFAULT_DATA_OUTPUT_PREFIX = `data/${TIMESTAMP_PARTITIONS}/`;

/** Where records Firehose could not deliver go by default, one folder per error type. */
export const DEFAULT_ERROR_OUTPUT_PREFIX = `errors/!{firehose:error-output-type}/${TIMESTAMP_PARTITIONS}/`;

const ERROR_OUTPUT_TYPE = '!{firehose:error-output-type}';

/** The default data prefix with dynamic partitioning: one Hive-style folder per key, then the date and hour. */
export function defaultPartitionedPrefix(keys: string[]): string {
  return `data/${keys.map((key) => `${key}=!{partitionKeyFromQuery:${key}}/`).join('')}${TIMESTAMP_PARTITIONS}/`;
}

/** One `!{...}` expression of a prefix. */
interface PrefixExpression {
  readonly namespace: string;
  readonly value: string;
  readonly text: string;
}

/** A prefix split into its fixed start (before any expression) and its expressions. */
export interface ParsedPrefix {
  readonly fixedStart: string;
  readonly expressions: PrefixExpression[];
}

/**
 * Splits a prefix into expressions; throws when a `!{` is not closed by a `}` before the next
 * `!{` (Firehose rejects unbalanced and nested expressions).
 */
export function parsePrefix(validator: PropsValidator, propName: string, prefix: string): ParsedPrefix {
  const expressions: PrefixExpression[] = [];
  let position = 0;
  while (true) {
    const open = prefix.indexOf('!{', position);
    if (open < 0) {
      break;
    }
    const close = prefix.indexOf('}', open + 2);
    const nextOpen = prefix.indexOf('!{', open + 2);
    validator.check(close >= 0 && (nextOpen < 0 || nextOpen > close),
      `${propName} has an unbalanced !{...} expression at position ${open}: every !{ needs a closing } before the next !{ (got '${prefix}').`);
    const text = prefix.slice(open, close + 1);
    const body = prefix.slice(open + 2, close);
    const colon = body.indexOf(':');
    expressions.push({
      namespace: colon < 0 ? body : body.slice(0, colon),
      value: colon < 0 ? '' : body.slice(colon + 1),
      text,
    });
    position = close + 1;
  }
  const firstOpen = prefix.indexOf('!{');
  return { fixedStart: firstOpen < 0 ? prefix : prefix.slice(0, firstOpen), expressions };
}

/**
 * Checks the data and error prefixes: balanced expressions, only the namespaces Firehose allows
 * in each, the error type in the error prefix, partition keys that exist, and an error folder that
 * data never lands in (the failure notification watches that folder).
 *
 * @param partitionKeys the dynamic partitioning keys, or undefined without dynamic partitioning
 */
export function validatePrefixes(
  validator: PropsValidator,
  dataOutputPrefix: string,
  errorOutputPrefix: string,
  partitionKeys: string[] | undefined,
): void {
  const data = parsePrefix(validator, 'dataOutputPrefix', dataOutputPrefix);
  const errors = parsePrefix(validator, 'errorOutputPrefix', errorOutputPrefix);

  const usedKeys: string[] = [];
  for (const expression of data.expressions) {
    if (expression.namespace === 'partitionKeyFromQuery') {
      if (!partitionKeys) {
        throw validator.error(`dataOutputPrefix uses ${expression.text}, which needs dynamicPartitioningKeys (got no dynamicPartitioningKeys).`);
      }
      validator.check(partitionKeys.includes(expression.value),
        `dataOutputPrefix uses ${expression.text}, but dynamicPartitioningKeys has no key '${expression.value}' (keys: ${partitionKeys.join(', ')}).`);
      usedKeys.push(expression.value);
    } else {
      checkCommonNamespace(validator, 'dataOutputPrefix', expression, 'firehose:random-string, timestamp:<format> and partitionKeyFromQuery:<key>');
    }
  }
  if (partitionKeys && usedKeys.length === 0) {
    throw validator.error(`dataOutputPrefix must use at least one !{partitionKeyFromQuery:<key>} expression with dynamicPartitioningKeys (keys: ${partitionKeys.join(', ')}; got '${dataOutputPrefix}').`);
  }

  for (const expression of errors.expressions) {
    if (!(expression.namespace === 'firehose' && expression.value === 'error-output-type')) {
      checkCommonNamespace(validator, 'errorOutputPrefix', expression, 'firehose:error-output-type, firehose:random-string and timestamp:<format>');
    }
  }
  if (!errorOutputPrefix.includes(ERROR_OUTPUT_TYPE)) {
    throw validator.error(`errorOutputPrefix must contain ${ERROR_OUTPUT_TYPE}, so that each kind of failure gets its own folder (got '${errorOutputPrefix}').`);
  }
  if (errors.fixedStart.length === 0 || data.fixedStart.startsWith(errors.fixedStart)) {
    throw validator.error('errorOutputPrefix must start with a fixed folder, such as \'errors/\', before any !{...} expression, and dataOutputPrefix must not start with that folder: '
      + `the failure notification watches it (got errorOutputPrefix '${errorOutputPrefix}', dataOutputPrefix '${dataOutputPrefix}').`);
  }
}

function checkCommonNamespace(validator: PropsValidator, propName: string, expression: PrefixExpression, allowed: string): void {
  const known = (expression.namespace === 'timestamp' && expression.value.length > 0)
    || (expression.namespace === 'firehose' && expression.value === 'random-string');
  validator.check(known, `${propName} cannot use ${expression.text}: the expressions allowed there are ${allowed}.`);
}

/**
 * The folder every object under a prefix that `validatePrefixes` accepted is in: its fixed start
 * up to the last `/` (`data/` for `data/dt=!{...}/`), or the whole fixed start when it has no `/`.
 */
export function fixedFolder(validator: PropsValidator, propName: string, prefix: string): string {
  const fixedStart = parsePrefix(validator, propName, prefix).fixedStart;
  const lastSlash = fixedStart.lastIndexOf('/');
  return lastSlash < 0 ? fixedStart : fixedStart.slice(0, lastSlash + 1);
}
