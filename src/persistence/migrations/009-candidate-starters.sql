-- Candidate starters of a process definition (Flowable's identity links of type `candidate` on a
-- definition): who may start it and whom `startableByUser` lists it for. They start as the
-- model's `flowable:candidateStarterUsers`/`candidateStarterGroups` and are changed through
-- the REST API. A definition deployed before this table existed has no rows yet:
-- `starters_seeded` tells the engine to copy the model's starters in on first use (once, under
-- the definition row's lock), so that no old definition becomes startable by everyone.
CREATE TABLE weir_candidate_starter (
  id text PRIMARY KEY,
  definition_id text NOT NULL REFERENCES weir_process_definition (id) ON DELETE CASCADE,
  user_id text,
  group_id text,
  created_at timestamptz NOT NULL,
  CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX weir_candidate_starter_user ON weir_candidate_starter (definition_id, user_id)
  WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX weir_candidate_starter_group ON weir_candidate_starter (definition_id, group_id)
  WHERE group_id IS NOT NULL;

ALTER TABLE weir_process_definition ADD COLUMN starters_seeded boolean NOT NULL DEFAULT false;
CREATE INDEX weir_process_definition_unseeded ON weir_process_definition (id) WHERE NOT starters_seeded;
