// SARIF output validated against the official SARIF 2.1.0 JSON schema (shipped with
// @microsoft/jest-sarif). The schema is draft-04; Ajv 8 reads it as draft-07 once the
// top-level `id` becomes `$id` (the only draft-04 keyword it uses), and its three string
// formats get validators here because ajv-formats is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { buildSarifLog, formatSarif } from '../../../server/src/cli/output/sarif';
import { ALL_CODES } from '../../../server/src/diagnostics/codes';
import { sampleReport } from './sampleReport';

const schemaPath = path.resolve(__dirname, '..', '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.$id = schema.id;
  delete schema.id;
  // The schema's `language` pattern is not valid as a `u` regular expression, so patterns compile without it.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value));
  return ajv.compile(schema);
}

test('SARIF output is valid against the SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  for (const report of [sampleReport(), sampleReport([])]) {
    const log = JSON.parse(formatSarif(report));
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  }
});

test('the validator rejects a broken log (so the schema test can fail)', () => {
  const validate = sarifValidator();
  const log = JSON.parse(formatSarif(sampleReport())) as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
  log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  assert.equal(validate(log), false);
  assert.equal(validate({ version: '2.0.0', runs: [] }), false);
});

test('SARIF rules come from the code registry with help links; results point at them', () => {
  const log = buildSarifLog(sampleReport());
  const run = log.runs[0];
  const rules = run.tool.driver.rules ?? [];
  for (const info of ALL_CODES) assert.ok(rules.some((rule) => rule.id === info.code), `rule ${info.code} missing`);
  for (const result of run.results ?? []) {
    assert.equal(rules[result.ruleIndex!].id, result.ruleId);
    assert.equal(rules[result.ruleIndex!].helpUri, `https://example.com/docs/rules/${result.ruleId}.md`);
  }
  assert.deepEqual(run.originalUriBaseIds, { SRCROOT: { uri: 'file:///repo/' } });
});

test('SARIF results: relative URIs with uriBaseId, regions, related locations, levels', () => {
  const results = buildSarifLog(sampleReport()).runs[0].results ?? [];
  const heads = results.find((result) => result.ruleId === 'multiple-heads')!;
  assert.equal(heads.level, 'warning');
  assert.deepEqual(heads.locations![0].physicalLocation, {
    artifactLocation: { uri: 'migrations/versions/def456_add_users.py', uriBaseId: 'SRCROOT' },
    region: { startLine: 11, startColumn: 1, endLine: 11, endColumn: 19 },
  });
  assert.deepEqual(heads.relatedLocations, [
    {
      id: 0,
      message: { text: 'other head abc123' },
      physicalLocation: {
        artifactLocation: { uri: 'migrations/versions/abc123_init.py', uriBaseId: 'SRCROOT' },
        region: { startLine: 10, startColumn: 12, endLine: 10, endColumn: 20 },
      },
    },
  ]);
  const spaced = results.find((result) => result.ruleId === 'docstring-mismatch')!;
  assert.equal(spaced.level, 'note');
  assert.equal(spaced.locations![0].physicalLocation!.artifactLocation!.uri, 'migrations/versions/with%20space%2C%20and%3Acolon.py');
  const outside = results.find((result) => result.ruleId === 'ini-unreadable')!;
  assert.deepEqual(outside.locations![0].physicalLocation!.artifactLocation, { uri: 'file:///elsewhere/alembic.ini' });
  assert.equal(results.find((result) => result.ruleId === 'missing-parent')!.level, 'error');
});
