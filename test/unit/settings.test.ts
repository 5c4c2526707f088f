// package.json `contributes.configuration` and client/src/settings.ts must describe the same settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MACHINE_SCOPED, readSettings, SETTING_DEFAULTS, SETTING_ENUMS, SETTING_KEYS, SETTING_TYPES, SETTINGS_SECTION } from '../../client/src/settings';

const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { type: string; scope?: string; additionalProperties?: { properties?: Record<string, unknown>; additionalProperties?: boolean }; default: unknown; enum?: string[]; enumDescriptions?: string[]; description?: string; markdownDescription?: string; items?: { type: string } }> =
  packageJson.contributes.configuration.properties;
const declaredKeys = Object.keys(properties).map((key) => key.slice(SETTINGS_SECTION.length + 1));

test('package.json declares exactly the keys of the settings module', () => {
  assert.ok(Object.keys(properties).every((key) => key.startsWith(`${SETTINGS_SECTION}.`)), 'every key is under alembicLens.');
  assert.deepEqual([...declaredKeys].sort(), [...SETTING_KEYS].sort());
});

test('types agree', () => {
  for (const key of SETTING_KEYS) {
    assert.equal(properties[`${SETTINGS_SECTION}.${key}`].type, SETTING_TYPES[key], key);
  }
});

test('defaults agree and have the declared type', () => {
  for (const key of SETTING_KEYS) {
    const declared = properties[`${SETTINGS_SECTION}.${key}`];
    assert.deepEqual(declared.default, SETTING_DEFAULTS[key], key);
    const actualType = Array.isArray(declared.default) ? 'array' : typeof declared.default;
    assert.equal(actualType, declared.type, key);
  }
});

test('enums agree and contain the default', () => {
  for (const key of SETTING_KEYS) {
    const declared = properties[`${SETTINGS_SECTION}.${key}`];
    assert.deepEqual(declared.enum, SETTING_ENUMS[key] ? [...SETTING_ENUMS[key]!] : undefined, key);
    if (declared.enum) assert.ok(declared.enum.includes(declared.default as string), key);
  }
});

test('every setting has a description', () => {
  for (const key of SETTING_KEYS) {
    const declared = properties[`${SETTINGS_SECTION}.${key}`];
    assert.ok((declared.description ?? declared.markdownDescription ?? '').length > 20, key);
  }
});

test('every setting has a markdownDescription (the Settings editor renders its code spans and links)', () => {
  for (const key of SETTING_KEYS) {
    const declared = properties[`${SETTINGS_SECTION}.${key}`];
    assert.ok((declared.markdownDescription ?? '').length > 20, `${key} has a markdownDescription`);
    // One text per setting: a plain description beside it would drift.
    assert.equal(declared.description, undefined, `${key} has no second, plain description`);
  }
});

test('every enum value has its own description', () => {
  for (const key of SETTING_KEYS.filter((k) => SETTING_ENUMS[k])) {
    const declared = properties[`${SETTINGS_SECTION}.${key}`];
    assert.equal(declared.enumDescriptions?.length, SETTING_ENUMS[key]!.length, `${key}: one enumDescription per value`);
    assert.ok(declared.enumDescriptions!.every((text) => text.length > 3), key);
  }
});

test('array settings declare their item type', () => {
  for (const key of SETTING_KEYS.filter((k) => SETTING_TYPES[k] === 'array')) {
    assert.equal(properties[`${SETTINGS_SECTION}.${key}`].items?.type, 'string', key);
  }
});

test('readSettings falls back to defaults on missing or mistyped values', () => {
  const values: Record<string, unknown> = { logLevel: 'debug', 'codeLens.enabled': 'yes', exclude: ['a/**', 3], 'trace.server': 'loud' };
  const settings = readSettings((key) => values[key]);
  assert.equal(settings.logLevel, 'debug');
  assert.equal(settings['codeLens.enabled'], true);
  assert.deepEqual(settings.exclude, SETTING_DEFAULTS.exclude);
  assert.equal(settings['trace.server'], 'off');
});

test('docs/settings.md lists every setting with its default', () => {
  const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'settings.md'), 'utf8');
  for (const key of SETTING_KEYS) {
    assert.ok(docs.includes(`\`${SETTINGS_SECTION}.${key}\``), `docs mention ${key}`);
  }
});

test('machine-scoped settings are exactly the ones the settings module names (a workspace cannot set them)', () => {
  const machine = SETTING_KEYS.filter((key) => properties[`${SETTINGS_SECTION}.${key}`].scope === 'machine');
  assert.deepEqual(machine, [...MACHINE_SCOPED]);
  assert.ok(machine.includes('python'), 'the interpreter that runs Alembic is machine-scoped');
});

test('a connection entry has no place for a password and accepts no unknown key', () => {
  const entry = properties[`${SETTINGS_SECTION}.connections`].additionalProperties;
  assert.deepEqual(Object.keys(entry?.properties ?? {}).sort(), ['lockTimeout', 'lock_timeout', 'passwordEnv', 'password_env', 'protected', 'statementTimeout', 'statement_timeout', 'url', 'urlEnv', 'url_env']);
  assert.equal(entry?.additionalProperties, false);
});

test('readSettings keeps an object for connections and refuses a list', () => {
  assert.deepEqual(readSettings((key) => (key === 'connections' ? { dev: { url: 'postgresql://a@b/c' } } : undefined)).connections, { dev: { url: 'postgresql://a@b/c' } });
  assert.deepEqual(readSettings((key) => (key === 'connections' ? ['dev'] : undefined)).connections, {});
});
