-- Flowable's completable flag of a stage plan item instance: true while no active and no
-- required work is left in it, so that a stage without autoComplete can be completed by hand.
ALTER TABLE weir_cmmn_plan_item ADD COLUMN completable boolean NOT NULL DEFAULT false;
