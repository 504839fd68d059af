-- One row per S3 object version that the ingest function saw.
-- Unique on (bucket, object_key, version_id): the ingest upsert is idempotent under
-- at-least-once delivery. version_id is '' for objects in an unversioned bucket.
CREATE TABLE ingest_file (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bucket          TEXT        NOT NULL,
    object_key      TEXT        NOT NULL,
    version_id      TEXT        NOT NULL DEFAULT '',
    etag            TEXT        NOT NULL,
    -- S3 event sequencer, hex; compared after right-padding with zeros to resolve out-of-order events.
    sequencer       TEXT        NOT NULL,
    size_bytes      BIGINT      NOT NULL,
    content_type    TEXT,
    format          TEXT        CHECK (format IN ('csv', 'tsv', 'jsonl')),
    compression     TEXT        CHECK (compression IN ('none', 'gzip')),
    columns         JSONB,
    status          TEXT        NOT NULL CHECK (status IN ('received', 'rejected', 'processing', 'processed', 'failed')),
    status_reason   TEXT,
    execution_name  TEXT,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    processing_started_at TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    CONSTRAINT ingest_file_object_version UNIQUE (bucket, object_key, version_id)
);

CREATE INDEX ingest_file_status ON ingest_file (status, updated_at);
CREATE INDEX ingest_file_key ON ingest_file (bucket, object_key);

-- What a batch job produced for a file. One row per (file, job): re-running a task overwrites it.
CREATE TABLE file_result (
    file_id         BIGINT      NOT NULL REFERENCES ingest_file (id) ON DELETE CASCADE,
    job             TEXT        NOT NULL,
    row_count       BIGINT      NOT NULL,
    malformed_count BIGINT      NOT NULL,
    -- The job's summary (for the default job: per-column type, nulls, min/max, mean, distinct estimate).
    summary         JSONB       NOT NULL,
    -- S3 keys of the outputs, e.g. {"normalized": "results/42/normalized.jsonl.gz", "profile": "results/42/profile.json"}
    output_keys     JSONB       NOT NULL,
    completed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (file_id, job)
);
