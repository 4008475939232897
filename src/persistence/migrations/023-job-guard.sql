-- The guard of a job run from the row its node holds (guarded jobs), checked inside the write
-- batch itself: a command's last statement is sent together with its COMMIT (one round trip),
-- so a guard checked afterwards in Node could no longer roll the run back. The batch calls
-- this with the number of rows its guarded DELETE removed; anything but one aborts the
-- statement, and with it the transaction, with SQLSTATE WJ001 (the engine's WEIR_JOB_GONE).
CREATE FUNCTION weir_require_job(deleted bigint, job_id text) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
  IF deleted <> 1 THEN
    RAISE EXCEPTION 'Job % was run or taken by another node', job_id USING ERRCODE = 'WJ001';
  END IF;
  RETURN 1;
END
$$;
