import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from '../catalog/json-schema';

/**
 * Who cannot read what after a schema change:
 * - `replay`: the new schema rejects data written under the old one, so a consumer replaying a
 *   topic from its first offset (or the gateway re-validating a stored event) fails;
 * - `old-consumers`: data written under the new schema breaks a consumer still on the old one.
 * Consumers are tolerant readers: they ignore properties they do not know. That is the one
 * assumption that lets a release add optional fields at all (documented in contracts/README.md).
 */
export type BreakingFor = 'replay' | 'old-consumers' | 'both';

export interface BreakingChange {
  /** Where in the message, e.g. `data.applicant.kind` (`(root)` for the message itself). */
  path: string;
  rule: string;
  breaks: BreakingFor;
  message: string;
}

/** Keywords that only document: changing them never breaks a reader. */
const ANNOTATIONS = new Set([
  '$id',
  '$schema',
  '$comment',
  'title',
  'description',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

/** Lower bounds: raising one (or adding it) rejects old data; lowering it (or dropping it) lets through data old readers reject. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
/** Value restrictions that can only be compared for equality (a changed regex is a different language). */
const EXACT = ['pattern', 'format', 'multipleOf', 'const', 'default'];

const HANDLED = new Set([
  ...ANNOTATIONS,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...EXACT,
  'type',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'anyOf',
  'oneOf',
  'allOf',
]);

type Schema = JsonSchema | boolean;

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asSchema(v: unknown): Schema {
  if (typeof v === 'boolean') return v;
  return isObject(v) ? v : true;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path === '(root)' ? '' : path}[${key}]`;
  return path === '(root)' ? key : `${path}.${key}`;
}

function typesOf(schema: JsonSchema): Set<string> | undefined {
  const t = schema['type'];
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.map(String));
  return undefined;
}

/** Does the type set `accepting` accept every value of type `t`? (`number` accepts integers.) */
function typeAccepted(t: string, accepting: Set<string>): boolean {
  return accepting.has(t) || (t === 'integer' && accepting.has('number'));
}

const show = (v: unknown): string => JSON.stringify(v);

/**
 * Lists every change from `previous` to `current` that some reader could not survive. Both
 * directions count (backward and forward): replay must parse old messages with the new schema,
 * and consumers on an older release must parse new messages. What remains allowed is exactly
 * the design's rule: add optional fields (and loosen `additionalProperties`), edit descriptions.
 * Keywords the diff does not model are compared for equality, so it errs towards "breaking".
 */
export function breakingChanges(previous: unknown, current: unknown): BreakingChange[] {
  const out: BreakingChange[] = [];
  diff(asSchema(previous), asSchema(current), '(root)', out);
  return out;
}

function diff(prev: Schema, next: Schema, path: string, out: BreakingChange[]): void {
  const add = (rule: string, breaks: BreakingFor, message: string) =>
    out.push({ path, rule, breaks, message });
  if (typeof prev === 'boolean' || typeof next === 'boolean') {
    if (isDeepStrictEqual(prev, next)) return;
    if (prev === true && next !== true) add('narrowed', 'replay', 'accepted anything and now does not');
    else if (next === true) add('widened', 'old-consumers', 'now accepts anything');
    else add('changed', 'both', `schema changed from ${show(prev)} to ${show(next)}`);
    return;
  }

  // type
  const prevTypes = typesOf(prev);
  const nextTypes = typesOf(next);
  if (prevTypes && !nextTypes) add('type-removed', 'old-consumers', `no longer restricted to ${[...prevTypes].join('|')}`);
  if (!prevTypes && nextTypes) add('type-added', 'replay', `now restricted to ${[...nextTypes].join('|')}`);
  if (prevTypes && nextTypes) {
    const lost = [...prevTypes].filter((t) => !typeAccepted(t, nextTypes));
    const gained = [...nextTypes].filter((t) => !typeAccepted(t, prevTypes));
    if (lost.length > 0) add('type-narrowed', 'replay', `type ${lost.join('|')} is no longer accepted (now ${[...nextTypes].join('|')})`);
    if (gained.length > 0) add('type-widened', 'old-consumers', `type ${gained.join('|')} is new (was ${[...prevTypes].join('|')})`);
  }

  // enum
  const prevEnum = prev['enum'];
  const nextEnum = next['enum'];
  if (Array.isArray(prevEnum) && Array.isArray(nextEnum)) {
    const removed = prevEnum.filter((v) => !nextEnum.some((w) => isDeepStrictEqual(v, w)));
    const added = nextEnum.filter((v) => !prevEnum.some((w) => isDeepStrictEqual(v, w)));
    if (removed.length > 0) add('enum-value-removed', 'replay', `enum value ${removed.map(show).join(', ')} removed: old messages carrying it no longer parse`);
    if (added.length > 0) add('enum-value-added', 'old-consumers', `enum value ${added.map(show).join(', ')} added: consumers of the earlier release cannot read it`);
  } else if (Array.isArray(prevEnum)) {
    add('enum-removed', 'old-consumers', `no longer restricted to ${prevEnum.map(show).join(', ')}`);
  } else if (Array.isArray(nextEnum)) {
    add('enum-added', 'replay', `now restricted to ${nextEnum.map(show).join(', ')}`);
  }

  // bounds
  for (const k of LOWER_BOUNDS) bound(k, prev[k], next[k], 'lower', add);
  for (const k of UPPER_BOUNDS) bound(k, prev[k], next[k], 'upper', add);

  // exact restrictions
  for (const k of EXACT) {
    const a = prev[k];
    const b = next[k];
    if (isDeepStrictEqual(a, b)) continue;
    if (k === 'default') add('default-changed', 'both', `default changed from ${show(a)} to ${show(b)}: a message without the field now means something else`);
    else if (a === undefined) add(`${k}-added`, 'replay', `${k} ${show(b)} added: old messages may not match it`);
    else if (b === undefined) add(`${k}-removed`, 'old-consumers', `${k} ${show(a)} removed: new messages may not match it`);
    else add(`${k}-changed`, 'both', `${k} changed from ${show(a)} to ${show(b)}`);
  }

  objectDiff(prev, next, path, out);

  // arrays
  if (prev['items'] !== undefined || next['items'] !== undefined) {
    diff(asSchema(prev['items']), asSchema(next['items']), `${path === '(root)' ? '' : path}[]`, out);
  }
  tupleDiff(prev['prefixItems'], next['prefixItems'], path, out);

  // combinators: alternatives are compared position by position
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const a = prev[k];
    const b = next[k];
    if (a === undefined && b === undefined) continue;
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      add(`${k}-changed`, 'both', `${k} alternatives changed (${Array.isArray(a) ? a.length : 0} → ${Array.isArray(b) ? b.length : 0})`);
      continue;
    }
    a.forEach((s, i) => diff(asSchema(s), asSchema(b[i]), childPath(path, `${k}[${i}]`), out));
  }

  // everything else must stay as it was
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  for (const k of keys) {
    if (HANDLED.has(k) || isDeepStrictEqual(prev[k], next[k])) continue;
    add(`${k}-changed`, 'both', `keyword ${k} changed; the check cannot prove that compatible`);
  }
}

function bound(
  keyword: string,
  a: unknown,
  b: unknown,
  kind: 'lower' | 'upper',
  add: (rule: string, breaks: BreakingFor, message: string) => void,
): void {
  if (isDeepStrictEqual(a, b)) return;
  if (typeof a !== 'number' && typeof b === 'number') {
    add(`${keyword}-added`, 'replay', `${keyword} ${b} added: old messages may break it`);
    return;
  }
  if (typeof a === 'number' && typeof b !== 'number') {
    add(`${keyword}-removed`, 'old-consumers', `${keyword} ${a} removed: new messages may break the earlier limit`);
    return;
  }
  if (typeof a !== 'number' || typeof b !== 'number') return;
  const tighter = kind === 'lower' ? b > a : b < a;
  if (tighter) add(`${keyword}-tightened`, 'replay', `${keyword} tightened from ${a} to ${b}: old messages may break it`);
  else add(`${keyword}-loosened`, 'old-consumers', `${keyword} loosened from ${a} to ${b}: new messages may break the earlier limit`);
}

function objectDiff(prev: JsonSchema, next: JsonSchema, path: string, out: BreakingChange[]): void {
  const prevProps = (isObject(prev['properties']) ? prev['properties'] : {}) as Record<string, unknown>;
  const nextProps = (isObject(next['properties']) ? next['properties'] : {}) as Record<string, unknown>;
  const prevRequired = new Set(Array.isArray(prev['required']) ? prev['required'].map(String) : []);
  const nextRequired = new Set(Array.isArray(next['required']) ? next['required'].map(String) : []);
  // JSON Schema's default: anything goes.
  const prevAdditional = asSchema(prev['additionalProperties']);
  const nextAdditional = asSchema(next['additionalProperties']);
  const names = new Set([...Object.keys(prevProps), ...Object.keys(nextProps), ...prevRequired, ...nextRequired]);
  for (const name of names) {
    const at = childPath(path, name);
    const add = (rule: string, breaks: BreakingFor, message: string) =>
      out.push({ path: at, rule, breaks, message });
    const inPrev = Object.hasOwn(prevProps, name);
    const inNext = Object.hasOwn(nextProps, name);
    if (inPrev && !inNext) {
      add(
        'property-removed',
        prevRequired.has(name) ? 'both' : 'replay',
        prevRequired.has(name)
          ? 'required field removed: consumers of the earlier release need it, and old messages carry it'
          : 'field removed: old messages carrying it no longer parse',
      );
      continue;
    }
    if (!inPrev && inNext) {
      if (nextRequired.has(name)) {
        add('required-property-added', 'replay', 'new required field: old messages lack it');
      } else if (prevAdditional === true) {
        add(
          'property-added-to-open-object',
          'replay',
          'new field where the earlier release accepted any field: old messages may carry it in another shape',
        );
      } else if (prevAdditional !== false) {
        // The earlier release let unknown fields through under its additionalProperties schema.
        diff(prevAdditional, asSchema(nextProps[name]), at, out);
      }
      // Otherwise an optional field is new where unknown fields were refused: old messages lack
      // it (fine for replay) and tolerant readers of the earlier release ignore it.
      continue;
    }
    if (inPrev && inNext) diff(asSchema(prevProps[name]), asSchema(nextProps[name]), at, out);
    if (prevRequired.has(name) && !nextRequired.has(name)) {
      add('required-to-optional', 'old-consumers', 'was required, now optional: consumers of the earlier release expect it');
    } else if (!prevRequired.has(name) && nextRequired.has(name)) {
      add('optional-to-required', 'replay', 'was optional, now required: old messages may lack it');
    }
  }
  const objectLike = prev['type'] === 'object' || next['type'] === 'object' || Object.keys(prevProps).length > 0;
  if (!objectLike) return;
  if (nextAdditional === false && prevAdditional !== false) {
    out.push({
      path,
      rule: 'additional-properties-tightened',
      breaks: 'replay',
      message: 'no longer accepts fields it does not list: old messages with other fields no longer parse',
    });
  } else if (prevAdditional !== false && nextAdditional !== true) {
    diff(prevAdditional, nextAdditional, childPath(path, '(additionalProperties)'), out);
  }
  // false → true or a schema: loosened; tolerant readers ignore what they do not know.
}

function tupleDiff(a: unknown, b: unknown, path: string, out: BreakingChange[]): void {
  if (a === undefined && b === undefined) return;
  const prev = Array.isArray(a) ? a : [];
  const next = Array.isArray(b) ? b : [];
  if (prev.length !== next.length) {
    out.push({ path, rule: 'prefixItems-changed', breaks: 'both', message: `tuple length changed (${prev.length} → ${next.length})` });
    return;
  }
  prev.forEach((s, i) => diff(asSchema(s), asSchema(next[i]), childPath(path, i), out));
}
