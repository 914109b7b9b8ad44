// Synth-time checks of pattern props, shared by the four patterns. Every message starts with the
// path and class of the pattern that raised it (several patterns may share one stream), then
// names the prop and the allowed values. Unresolved tokens are never checked.
import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The unit a duration prop is checked and reported in. */
export type DurationUnit = 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days';

/** The allowed range of a number: `min` and `max` are inclusive unless `minExclusive`. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is not allowed ("more than 0"). */
  readonly minExclusive?: boolean;
  /** Only whole numbers (of the unit, for durations). */
  readonly whole?: boolean;
  /** What the limits mean, added to the message. */
  readonly hint?: string;
}

/** The checks of one pattern's props. */
export class PropsValidator {
  constructor(private readonly scope: IConstruct) {}

  /** An error whose message says which pattern raised it. */
  public error(message: string): Error {
    return new Error(`${this.scope.node.path} (${this.scope.constructor.name}): ${message}`);
  }

  /** A synth-time warning on the pattern, which the user can acknowledge by its id. */
  public warn(id: string, message: string): void {
    Annotations.of(this.scope).addWarningV2(id, message);
  }

  /** Throws unless `condition` holds. */
  public check(condition: boolean, message: string): void {
    if (!condition) {
      throw this.error(message);
    }
  }

  /** A number within a range. */
  public number(name: string, value: number | undefined, range: NumberRange, unit = ''): void {
    if (value === undefined || Token.isUnresolved(value)) {
      return;
    }
    const hint = range.hint ? ` (${range.hint})` : '';
    this.check(inRange(value, range), `${name} must be ${describeRange(range, unit)}${hint} (got ${value}${unit ? ` ${unit}` : ''}).`);
  }

  /** A whole number within a range. */
  public wholeNumber(name: string, value: number | undefined, min: number, max?: number, hint?: string): void {
    this.number(name, value, { min, max, whole: true, hint });
  }

  /** A duration within a range, expressed in `unit`. */
  public duration(name: string, value: Duration | undefined, unit: DurationUnit, range: NumberRange): void {
    if (value === undefined || value.isUnresolved()) {
      return;
    }
    this.number(name, toUnit(value, unit), range, unit);
  }

  /** At most one of two props describing the same resource. */
  public exclusive(first: string, firstValue: unknown, second: string, secondValue: unknown, why: string): void {
    this.check(firstValue === undefined || secondValue === undefined, `Provide either ${first} or ${second}, not both: ${why}`);
  }

  /** A prop that only applies when `applies` holds. */
  public onlyWith(name: string, value: unknown, applies: boolean, requirement: string): void {
    this.check(value === undefined || applies, `${name} only applies ${requirement}.`);
  }
}

/** `value` in `unit`, without rounding. */
export function toUnit(value: Duration, unit: DurationUnit): number {
  switch (unit) {
    case 'milliseconds': return value.toMilliseconds({ integral: false });
    case 'seconds': return value.toSeconds({ integral: false });
    case 'minutes': return value.toMinutes({ integral: false });
    case 'hours': return value.toHours({ integral: false });
    case 'days': return value.toDays({ integral: false });
  }
}

function inRange(value: number, range: NumberRange): boolean {
  if (Number.isNaN(value) || (range.whole && !Number.isInteger(value))) {
    return false;
  }
  if (range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)) {
    return false;
  }
  return range.max === undefined || value <= range.max;
}

/** "a whole number from 1 to 10000", "whole seconds from 60 to 604800", "more than 0 and at most 29 seconds". */
function describeRange(range: NumberRange, unit: string): string {
  const { min, max } = range;
  let bounds = '';
  if (min !== undefined && max !== undefined) {
    bounds = range.minExclusive ? `more than ${min} and at most ${max}` : `from ${min} to ${max}`;
  } else if (min !== undefined) {
    bounds = range.minExclusive ? `more than ${min}` : `at least ${min}`;
  } else if (max !== undefined) {
    bounds = `at most ${max}`;
  }
  const separator = bounds.startsWith('from') ? ' ' : ', ';
  if (range.whole) {
    return `${unit ? `whole ${unit}` : 'a whole number'}${bounds ? separator + bounds : ''}`;
  }
  return unit ? `${bounds} ${unit}` : bounds;
}
