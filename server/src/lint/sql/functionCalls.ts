/**
 * Functions a SELECT or CALL written in a migration runs whose effects the lint does not know.
 * `SELECT create_hypertable('events', 'ts')` (TimescaleDB) rewrites and locks a table, Citus's
 * `create_distributed_table` moves it, `cron.schedule` adds a job: a SELECT is not always a read.
 * PostgreSQL's own functions that migrations call for values, sequences, settings and locks of
 * their own are known; any other is reported as not checked, never passed as clean.
 */
import { field, isNode, names } from './parseTree';

/**
 * Built-in functions that change no table: values (strings, dates, JSON, arrays, math,
 * aggregates, windows), sequences, settings, advisory locks, catalog lookups.
 */
const KNOWN_FUNCTIONS = new Set(
  [
    // Aggregates and windows.
    'count sum avg min max bool_and bool_or every array_agg string_agg json_agg jsonb_agg json_object_agg jsonb_object_agg',
    'row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value',
    // Conditionals, comparison, types.
    'coalesce nullif greatest least pg_typeof format_type to_regclass to_regtype to_regproc to_regnamespace',
    // Strings.
    'lower upper initcap length char_length character_length octet_length bit_length substring substr trim btrim ltrim rtrim replace',
    'regexp_replace regexp_matches regexp_match regexp_split_to_array regexp_split_to_table split_part concat concat_ws format left right',
    'lpad rpad repeat reverse strpos position starts_with translate md5 sha224 sha256 sha384 sha512 encode decode convert_from convert_to',
    'quote_ident quote_literal quote_nullable chr ascii to_hex string_to_array array_to_string unaccent',
    // Dates and times.
    'now current_timestamp current_date current_time localtime localtimestamp clock_timestamp statement_timestamp transaction_timestamp',
    'timeofday timezone date_trunc date_part date_bin extract age to_char to_date to_timestamp to_number make_date make_time',
    'make_timestamp make_timestamptz make_interval justify_days justify_hours justify_interval isfinite',
    // Numbers.
    'abs ceil ceiling floor round trunc mod power sqrt cbrt exp ln log log10 sign div random setseed width_bucket',
    // UUIDs.
    'gen_random_uuid uuid_generate_v1 uuid_generate_v1mc uuid_generate_v3 uuid_generate_v4 uuid_generate_v5 uuid_nil',
    // Arrays and set-returning functions.
    'generate_series generate_subscripts unnest array_length array_lower array_upper array_ndims array_dims array_position array_positions',
    'array_remove array_replace array_append array_prepend array_cat cardinality',
    // JSON.
    'to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object json_build_array jsonb_build_array json_object jsonb_object',
    'jsonb_set jsonb_set_lax jsonb_insert jsonb_strip_nulls json_strip_nulls jsonb_pretty jsonb_typeof json_typeof jsonb_array_length json_array_length',
    'jsonb_array_elements jsonb_array_elements_text json_array_elements json_array_elements_text jsonb_each jsonb_each_text json_each json_each_text',
    'jsonb_object_keys json_object_keys jsonb_extract_path jsonb_extract_path_text json_extract_path json_extract_path_text jsonb_path_query',
    'jsonb_path_exists jsonb_path_match jsonb_to_record jsonb_to_recordset json_to_record json_to_recordset jsonb_populate_record',
    // Full text.
    'to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery setweight ts_rank ts_rank_cd ts_headline',
    // Sequences, settings, advisory locks, notifications, the session.
    'nextval currval setval lastval current_setting set_config pg_advisory_lock pg_advisory_xact_lock pg_advisory_unlock pg_advisory_unlock_all',
    'pg_try_advisory_lock pg_try_advisory_xact_lock pg_advisory_lock_shared pg_advisory_xact_lock_shared pg_notify pg_sleep',
    'current_database current_schema current_schemas current_user session_user current_role version txid_current pg_current_xact_id',
    'pg_backend_pid inet_server_addr inet_server_port',
    // Catalog lookups and sizes.
    'obj_description col_description shobj_description has_table_privilege has_schema_privilege has_column_privilege has_database_privilege',
    'has_function_privilege has_sequence_privilege pg_has_role pg_get_serial_sequence pg_get_indexdef pg_get_constraintdef pg_get_viewdef',
    'pg_get_functiondef pg_get_triggerdef pg_get_expr pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size pg_size_pretty',
    'pg_column_size pg_database_size pg_relation_filenode pg_table_is_visible pg_is_in_recovery',
  ]
    .join(' ')
    .split(' '),
);

/** Schemas whose functions are PostgreSQL's own. */
const BUILT_IN_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

/** The first function a statement's tree calls that is not known to change no table, as written (`cron.schedule`). */
export function firstUnknownFunction(tree: unknown): string | undefined {
  let found: string | undefined;
  const visit = (value: unknown): void => {
    if (found !== undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isNode(value)) return;
    const call = value.FuncCall;
    if (isNode(call)) {
      const parts = names(call.funcname);
      const name = parts.at(-1)?.toLowerCase();
      const schema = parts.length > 1 ? parts[parts.length - 2].toLowerCase() : undefined;
      if (name !== undefined && !(schema !== undefined ? BUILT_IN_SCHEMAS.has(schema) : KNOWN_FUNCTIONS.has(name))) {
        found = parts.join('.');
        return;
      }
    }
    for (const key of Object.keys(value)) visit(value[key]);
  };
  visit(tree);
  return found;
}

/** The procedure a CALL runs, as written (`audit.refresh`). */
export function calledProcedure(body: unknown): string {
  return names(field(field(body, 'funccall'), 'funcname')).join('.') || 'a procedure';
}
