"""Server-side audit: every data table's changes checked and recorded by the database.

PostgreSQL: pgcrypto, the checking and recording functions and triggers of
``store/protect.py`` (owned by whoever runs this migration: the schema owner),
``vr_protect_table`` for later tables, EXECUTE on the definer functions revoked from PUBLIC.
SQLite: the ``rows`` column (row snapshots the capture triggers report) and the triggers.
The ``audit.baseline`` event that follows every schema upgrade (``store.migrate``) makes
the rows as they are the starting point of the state check.

Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from vendor_review.store.migrations.helpers import audit_insert_sql
from vendor_review.store.protect import data_tables, protect_table

revision: str = "0003"
down_revision: str | None = "0002"


POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pgcrypto",
    # JSON text of a value exactly as Python's json.dumps(ensure_ascii=False) writes it.
    """
    CREATE FUNCTION vr_json_text(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN v IS NULL THEN 'null' ELSE to_json(v)::text END
    $$
    """,
    # The owner of the schema (and superusers): trusted, audited, not rule-checked.
    """
    CREATE FUNCTION vr_is_owner(p_role name) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT pg_has_role(p_role, c.relowner, 'MEMBER') FROM pg_class c
        WHERE c.oid = 'audit_events'::regclass
    $$
    """,
    audit_insert_sql(binary=False),
    """
    CREATE FUNCTION vr_now() RETURNS text LANGUAGE sql STABLE AS $$
        SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'
    $$
    """,
    # The app's (semantic) events. Only the owner may name another actor or time.
    """
    CREATE FUNCTION vr_audit_append(
        p_action text, p_entity text, p_entity_id text, p_before text, p_after text,
        p_reason text, p_actor text DEFAULT NULL, p_at text DEFAULT NULL
    ) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF p_action LIKE 'row.%' OR p_action = 'audit.baseline' THEN
            RAISE EXCEPTION 'vendor-review: % events are written by the database only', p_action
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_before IS NOT NULL THEN PERFORM p_before::jsonb; END IF;
        IF p_after IS NOT NULL THEN PERFORM p_after::jsonb; END IF;
        IF NOT vr_is_owner(session_user) OR p_actor IS NULL THEN
            p_actor := session_user;
            p_at := vr_now();
        ELSIF p_at IS NULL THEN
            p_at := vr_now();
        END IF;
        RETURN vr_audit_insert(p_action, p_entity, p_entity_id, p_before, p_after, p_reason,
                               p_actor, p_at);
    END
    $$
    """,
    # A row as the audit records it: its columns, binary ones as length and SHA-256.
    """
    CREATE FUNCTION vr_snapshot_cols(p_row jsonb, p_binary text[]) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE
        col text;
        hex text;
    BEGIN
        FOREACH col IN ARRAY coalesce(p_binary, '{}') LOOP
            hex := p_row ->> col;
            p_row := jsonb_set(p_row, ARRAY[col], CASE WHEN hex IS NULL
                THEN jsonb_build_object('bytes', NULL, 'sha256', NULL)
                ELSE jsonb_build_object('bytes', (length(hex) - 2) / 2, 'sha256',
                     encode(digest(decode(substr(hex, 3), 'hex'), 'sha256'), 'hex')) END);
        END LOOP;
        RETURN p_row;
    END
    $$
    """,
    """
    CREATE FUNCTION vr_binary_columns(p_table regclass) RETURNS text[]
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(attname::text ORDER BY attnum), '{}') FROM pg_attribute
        WHERE attrelid = p_table AND attnum > 0 AND NOT attisdropped
          AND atttypid = 'bytea'::regtype
    $$
    """,
    """
    CREATE FUNCTION vr_key_columns(p_table regclass) RETURNS text[]
    LANGUAGE sql STABLE AS $$
        SELECT array_agg(a.attname::text ORDER BY k.ord)
        FROM pg_index i
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = p_table AND i.indisprimary
    $$
    """,
    """
    CREATE FUNCTION vr_snapshot(p_table regclass, p_row jsonb) RETURNS jsonb
    LANGUAGE sql STABLE AS $$
        SELECT vr_snapshot_cols(p_row, vr_binary_columns(p_table))
    $$
    """,
    """
    CREATE FUNCTION vr_key_of(p_row jsonb, p_keys text[]) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
        SELECT string_agg(p_row ->> k, ',' ORDER BY o) FROM unnest(p_keys) WITH ORDINALITY AS u(k, o)
    $$
    """,
    """
    CREATE FUNCTION vr_row_key(p_table regclass, p_row jsonb) RETURNS text
    LANGUAGE sql STABLE AS $$
        SELECT vr_key_of(p_row, vr_key_columns(p_table))
    $$
    """,
    # Who contributed to an assessment (may not decide it): the one function the four-eyes
    # rule reads. It also reads assessment_contributors (who started, answered, confirmed
    # or submitted) whenever that table exists.
    """
    CREATE FUNCTION vr_contributors(p_assessment bigint) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        RETURN QUERY
            SELECT reviewer::text FROM assessments
            WHERE id = p_assessment AND reviewer IS NOT NULL
            UNION SELECT submitted_by::text FROM assessments
                  WHERE id = p_assessment AND submitted_by IS NOT NULL
            UNION SELECT answered_by::text FROM answers WHERE assessment_id = p_assessment
            UNION SELECT actor::text FROM audit_events WHERE entity = 'assessment'
                  AND entity_id = p_assessment::text
                  AND (action LIKE 'answer.%'
                       OR action IN ('assessment.start', 'assessment.submit',
                                     'assessment.confirm'));
        IF to_regclass('assessment_contributors') IS NOT NULL THEN
            RETURN QUERY EXECUTE
                'SELECT actor::text FROM assessment_contributors WHERE assessment_id = $1'
                USING p_assessment;
        END IF;
    END
    $$
    """,
    """
    CREATE FUNCTION vr_check_row() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        v_new jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
        v_old jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        v_row jsonb := coalesce(v_new, v_old);
        v_col text;
        v_assessment bigint;
        v_status text;
    BEGIN
        IF pg_trigger_depth() = 1 AND current_user <> session_user THEN
            RAISE EXCEPTION 'vendor-review: % acts as role % (SET ROLE); act as yourself',
                session_user, current_user USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF vr_is_owner(session_user) THEN
            RETURN coalesce(NEW, OLD);
        END IF;
        IF v_new IS NOT NULL THEN
            FOR v_col IN SELECT k FROM jsonb_object_keys(v_new) AS k
                         WHERE k IN ('reviewer', 'actor') OR k LIKE '%\\_by' LOOP
                IF v_new ->> v_col IS NOT NULL
                   AND (v_old IS NULL OR (v_new -> v_col) IS DISTINCT FROM (v_old -> v_col))
                   AND v_new ->> v_col <> session_user THEN
                    RAISE EXCEPTION 'vendor-review: %.% must name the acting role % (not %)',
                        TG_TABLE_NAME, v_col, session_user, v_new ->> v_col
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END LOOP;
        END IF;
        IF TG_TABLE_NAME = 'assessments' THEN
            -- A decided assessment is frozen; only a vendor merge may re-point it.
            IF v_old IS NOT NULL AND v_old ->> 'status' IN ('approved', 'rejected')
               AND (v_new IS NULL OR v_new - 'vendor_id' - 'updated_at' - 'version'
                                     <> v_old - 'vendor_id' - 'updated_at' - 'version') THEN
                RAISE EXCEPTION 'vendor-review: assessment #% is % and cannot change',
                    v_old ->> 'id', v_old ->> 'status' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF v_new IS NOT NULL AND v_new ->> 'status' IN ('approved', 'rejected') THEN
                IF v_old IS NULL OR v_old ->> 'status' <> 'submitted' THEN
                    RAISE EXCEPTION 'vendor-review: only a submitted assessment can be %',
                        v_new ->> 'status' USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF v_new ->> 'decided_by' IS DISTINCT FROM session_user::text THEN
                    RAISE EXCEPTION 'vendor-review: decided_by must be %', session_user
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF session_user::text IN (SELECT vr_contributors((v_new ->> 'id')::bigint))
                   OR session_user::text IN (v_old ->> 'submitted_by', v_new ->> 'submitted_by',
                                             v_old ->> 'reviewer') THEN
                    RAISE EXCEPTION 'vendor-review: % contributed to assessment #% and cannot '
                        'decide it (four-eyes)', session_user, v_new ->> 'id'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vendor_review_approvers')
                   AND NOT pg_has_role(session_user, 'vendor_review_approvers', 'MEMBER') THEN
                    RAISE EXCEPTION 'vendor-review: % is not an approver', session_user
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END IF;
        ELSIF v_row ? 'assessment_id' OR TG_TABLE_NAME = 'answer_evidence' THEN
            IF TG_TABLE_NAME = 'answer_evidence' THEN
                SELECT assessment_id INTO v_assessment FROM answers
                WHERE id = (v_row ->> 'answer_id')::bigint;
            ELSIF TG_TABLE_NAME = 'answers' THEN
                v_assessment := (v_row ->> 'assessment_id')::bigint;
            END IF;
            IF v_assessment IS NOT NULL THEN
                SELECT status INTO v_status FROM assessments WHERE id = v_assessment;
                IF v_status IN ('approved', 'rejected') THEN
                    RAISE EXCEPTION 'vendor-review: assessment #% is % and its answers cannot '
                        'change', v_assessment, v_status USING ERRCODE = 'insufficient_privilege';
                END IF;
            END IF;
        END IF;
        RETURN coalesce(NEW, OLD);
    END
    $$
    """,
    # TG_ARGV: the key columns and the binary columns (set by vr_protect_table), so that
    # no row looks the catalog up.
    """
    CREATE FUNCTION vr_audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET timezone = 'UTC' AS $$
    DECLARE
        v_keys text[] := string_to_array(TG_ARGV[0], ',');
        v_binary text[] := string_to_array(nullif(TG_ARGV[1], ''), ',');
        v_old jsonb;
        v_new jsonb;
        v_at text := vr_now();
    BEGIN
        IF TG_OP <> 'INSERT' THEN v_old := vr_snapshot_cols(to_jsonb(OLD), v_binary); END IF;
        IF TG_OP <> 'DELETE' THEN v_new := vr_snapshot_cols(to_jsonb(NEW), v_binary); END IF;
        IF TG_OP = 'UPDATE' AND v_old = v_new THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' AND vr_key_of(v_old, v_keys) <> vr_key_of(v_new, v_keys) THEN
            PERFORM vr_audit_insert('row.delete', TG_TABLE_NAME, vr_key_of(v_old, v_keys),
                v_old::text, NULL, 'key changed', session_user, v_at);
            PERFORM vr_audit_insert('row.insert', TG_TABLE_NAME, vr_key_of(v_new, v_keys),
                NULL, v_new::text, 'key changed', session_user, v_at);
            RETURN NULL;
        END IF;
        PERFORM vr_audit_insert('row.' || lower(TG_OP), TG_TABLE_NAME,
            vr_key_of(coalesce(v_new, v_old), v_keys), v_old::text, v_new::text, NULL,
            session_user, v_at);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION vr_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'vendor-review: TRUNCATE of % would go unaudited; delete rows instead',
            TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    # One call protects a table (also grants the db grant groups, when they exist).
    """
    CREATE FUNCTION vr_protect_table(p_table regclass) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE format('DROP TRIGGER IF EXISTS vr_check ON %s', p_table);
        EXECUTE format('DROP TRIGGER IF EXISTS vr_audit ON %s', p_table);
        EXECUTE format('DROP TRIGGER IF EXISTS vr_no_truncate ON %s', p_table);
        EXECUTE format('CREATE TRIGGER vr_check BEFORE INSERT OR UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION vr_check_row()', p_table);
        EXECUTE format('CREATE TRIGGER vr_audit AFTER INSERT OR UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION vr_audit_row(%L, %L)', p_table,
                       array_to_string(vr_key_columns(p_table), ','),
                       array_to_string(vr_binary_columns(p_table), ','));
        EXECUTE format('CREATE TRIGGER vr_no_truncate BEFORE TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION vr_refuse_truncate()', p_table);
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vendor_review_readers') THEN
            EXECUTE format('GRANT SELECT ON %s TO vendor_review_readers', p_table);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vendor_review_writers') THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO vendor_review_writers',
                           p_table);
            EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public '
                    'TO vendor_review_writers';
        END IF;
    END
    $$
    """,
    "REVOKE EXECUTE ON FUNCTION vr_audit_insert(text, text, text, text, text, text, text, text) "
    "FROM PUBLIC",
    "REVOKE EXECUTE ON FUNCTION vr_audit_append(text, text, text, text, text, text, text, text) "
    "FROM PUBLIC",
    "REVOKE EXECUTE ON FUNCTION vr_protect_table(regclass) FROM PUBLIC",
]

POSTGRESQL_DROP = [
    "DROP FUNCTION IF EXISTS vr_protect_table(regclass)",
    "DROP FUNCTION IF EXISTS vr_refuse_truncate() CASCADE",
    "DROP FUNCTION IF EXISTS vr_audit_row() CASCADE",
    "DROP FUNCTION IF EXISTS vr_check_row() CASCADE",
    "DROP FUNCTION IF EXISTS vr_contributors(bigint)",
    "DROP FUNCTION IF EXISTS vr_row_key(regclass, jsonb)",
    "DROP FUNCTION IF EXISTS vr_key_of(jsonb, text[])",
    "DROP FUNCTION IF EXISTS vr_snapshot(regclass, jsonb)",
    "DROP FUNCTION IF EXISTS vr_key_columns(regclass)",
    "DROP FUNCTION IF EXISTS vr_binary_columns(regclass)",
    "DROP FUNCTION IF EXISTS vr_snapshot_cols(jsonb, text[])",
    "DROP FUNCTION IF EXISTS vr_audit_append(text, text, text, text, text, text, text, text)",
    "DROP FUNCTION IF EXISTS vr_now()",
    "DROP FUNCTION IF EXISTS vr_audit_insert(text, text, text, text, text, text, text, text)",
    "DROP FUNCTION IF EXISTS vr_is_owner(name)",
    "DROP FUNCTION IF EXISTS vr_json_text(text)",
]


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    op.add_column("audit_events", sa.Column("rows", sa.Text(), nullable=True))
    if postgresql:
        for statement in POSTGRESQL:
            op.execute(statement)
    tables = data_tables(bind)
    for table in tables:
        protect_table(bind, table)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in POSTGRESQL_DROP:
            op.execute(statement)
    else:
        for (name,) in bind.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'vr_row_%'"
        ).fetchall():
            op.execute(f'DROP TRIGGER "{name}"')
    op.drop_column("audit_events", "rows")
