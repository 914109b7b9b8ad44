#!/usr/bin/env node
// Compares the CloudFormation templates of two or more cloud assemblies as parsed JSON.
//
//   node compare-templates.js <label>=<cdk.out dir> <label>=<cdk.out dir> [...]
//
// The first assembly is the reference. Every assembly must hold the same *.template.json files
// (at least one), and each template must be deep-equal to the reference's: same keys (their order
// does not matter), same values, same types (4 and "4" differ), same array order. Nothing is
// ignored, asset hashes included. Exit code: 0 identical, 1 different (each difference is printed
// with its JSON path), 2 usage error or unreadable input.
'use strict';

const fs = require('fs');
const path = require('path');

const MAX_REPORTED = 25;

/** Lists the template files of a cloud assembly directory, sorted. */
function templateFiles(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort();
}

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function show(value) {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A JSON path segment: .Key for plain keys, ["Key"] otherwise, [i] for array items. */
function segment(key) {
  if (typeof key === 'number') return `[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * Every difference between two parsed JSON values, as { path, expected, actual }. Object key
 * order is ignored; array order is not.
 */
function diffJson(expected, actual, at = '') {
  const te = typeOf(expected);
  const ta = typeOf(actual);
  if (te !== ta) return [{ path: at || '(root)', expected, actual }];
  if (te === 'array') {
    const out = [];
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      out.push(...diffJson(expected[i], actual[i], `${at}${segment(i)}`));
    }
    return out;
  }
  if (te === 'object') {
    const out = [];
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      const p = `${at}${segment(key)}`;
      if (!(key in actual)) out.push({ path: p, expected: expected[key], actual: undefined });
      else if (!(key in expected)) out.push({ path: p, expected: undefined, actual: actual[key] });
      else out.push(...diffJson(expected[key], actual[key], p));
    }
    return out;
  }
  return Object.is(expected, actual) ? [] : [{ path: at || '(root)', expected, actual }];
}

/**
 * Compares the assemblies [{ label, dir }, ...] against the first one. Returns the lines to print
 * and whether they are all identical.
 */
function compareAssemblies(assemblies) {
  const lines = [];
  let identical = true;
  const [ref, ...others] = assemblies;
  const refFiles = templateFiles(ref.dir);
  if (refFiles.length === 0) {
    return { identical: false, lines: [`${ref.label}: no *.template.json in ${ref.dir}`] };
  }
  for (const other of others) {
    const files = templateFiles(other.dir);
    const missing = refFiles.filter((f) => !files.includes(f));
    const extra = files.filter((f) => !refFiles.includes(f));
    if (missing.length || extra.length) {
      identical = false;
      for (const f of missing) lines.push(`${other.label}: ${f} is missing (${ref.label} has it)`);
      for (const f of extra) lines.push(`${other.label}: ${f} is extra (${ref.label} has no such template)`);
    }
    for (const file of refFiles.filter((f) => files.includes(f))) {
      const expected = JSON.parse(fs.readFileSync(path.join(ref.dir, file), 'utf-8'));
      const actual = JSON.parse(fs.readFileSync(path.join(other.dir, file), 'utf-8'));
      const diffs = diffJson(expected, actual);
      if (diffs.length === 0) {
        const resources = Object.keys(expected.Resources ?? {}).length;
        lines.push(`${other.label}: ${file} is identical to ${ref.label}'s (${resources} resources)`);
        continue;
      }
      identical = false;
      lines.push(`${other.label}: ${file} differs from ${ref.label}'s in ${diffs.length} place(s):`);
      for (const d of diffs.slice(0, MAX_REPORTED)) {
        lines.push(`  ${d.path}: ${ref.label}=${show(d.expected)} ${other.label}=${show(d.actual)}`);
      }
      if (diffs.length > MAX_REPORTED) lines.push(`  ... and ${diffs.length - MAX_REPORTED} more`);
    }
  }
  return { identical, lines };
}

function main(argv) {
  const assemblies = argv.map((arg) => {
    const eq = arg.indexOf('=');
    return eq > 0 ? { label: arg.slice(0, eq), dir: arg.slice(eq + 1) } : { label: arg, dir: arg };
  });
  if (assemblies.length < 2) {
    console.error('usage: compare-templates.js <label>=<cdk.out dir> <label>=<cdk.out dir> [...]');
    return 2;
  }
  for (const a of assemblies) {
    if (!fs.existsSync(a.dir) || !fs.statSync(a.dir).isDirectory()) {
      console.error(`${a.label}: ${a.dir} is not a directory (did its app synthesize?)`);
      return 2;
    }
  }
  let result;
  try {
    result = compareAssemblies(assemblies);
  } catch (e) {
    console.error(`cannot compare: ${e.message}`);
    return 2;
  }
  for (const line of result.lines) console.log(line);
  const labels = assemblies.map((a) => a.label).join(', ');
  if (result.identical) {
    console.log(`IDENTICAL: the templates of ${labels} are the same`);
    return 0;
  }
  console.log(`DIFFERENT: the templates of ${labels} are not the same`);
  return 1;
}

module.exports = { diffJson, compareAssemblies };

if (require.main === module) {
  process.exit(main(process.argv.slice(2)));
}
