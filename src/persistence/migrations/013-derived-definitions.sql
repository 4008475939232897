-- Derived deployments and process definitions, as Flowable's dynamic injection creates them: a
-- copy of an instance's definition with an injected user task or embedded subprocess, used by
-- that one instance only. A derived definition has version 0 (so it is never the latest of its
-- key) and its own derived_version, counted per key and tenant; derived_from names the
-- definition (or deployment) it was copied from, derived_from_root the first of the chain.
ALTER TABLE weir_deployment
  ADD COLUMN derived_from text,
  ADD COLUMN derived_from_root text;

ALTER TABLE weir_process_definition
  ADD COLUMN derived_from text,
  ADD COLUMN derived_from_root text,
  ADD COLUMN derived_version integer NOT NULL DEFAULT 0;

-- version stays unique among ordinary definitions only; derived ones (all version 0) are told
-- apart by derived_version
ALTER TABLE weir_process_definition DROP CONSTRAINT weir_process_definition_key_tenant_id_version_key;
CREATE UNIQUE INDEX weir_process_definition_version ON weir_process_definition (key, tenant_id, version)
  WHERE derived_from IS NULL;
CREATE UNIQUE INDEX weir_process_definition_derived_version
  ON weir_process_definition (key, tenant_id, derived_version) WHERE derived_from IS NOT NULL;
