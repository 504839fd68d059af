-- A newer S3 event for an object version already recorded (an overwrite in an unversioned bucket) resets the row
-- to the new content in place (same id). The old content's results must go with it, in the same statement, whoever
-- replaces the row: the schema says so once instead of each writer. Until V2 the ingest upsert did this itself,
-- in a data-modifying CTE that every insert paid for; the trigger fires only when a row's content is replaced.
-- Other updates (execution name, status moves, a backfill's reopen) never set the sequencer and keep the results.
CREATE FUNCTION drop_results_of_replaced_content() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM file_result WHERE file_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER ingest_file_content_replaced
    AFTER UPDATE OF sequencer ON ingest_file
    FOR EACH ROW
    WHEN (OLD.sequencer IS DISTINCT FROM NEW.sequencer)
    EXECUTE FUNCTION drop_results_of_replaced_content();
