CREATE FUNCTION public.weir_content_orphan_bytes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF OLD.storage_key IS NOT NULL AND (TG_OP = 'DELETE' OR NEW.storage_key IS DISTINCT FROM OLD.storage_key) THEN
    INSERT INTO weir_content_orphan (storage_key) VALUES (OLD.storage_key) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION public.weir_require_job(deleted bigint, job_id text) RETURNS integer
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF deleted <> 1 THEN
    RAISE EXCEPTION 'Job % was run or taken by another node', job_id USING ERRCODE = 'WJ001';
  END IF;
  RETURN 1;
END
$$;

CREATE TABLE public.weir_app_definition (
    id text NOT NULL,
    key text NOT NULL,
    version integer NOT NULL,
    name text,
    description text,
    category text,
    tenant_id text DEFAULT ''::text NOT NULL,
    deployment_id text NOT NULL,
    resource_name text NOT NULL,
    model jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_app_deployment (
    id text NOT NULL,
    name text,
    category text,
    key text,
    tenant_id text DEFAULT ''::text NOT NULL,
    deployed_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_app_resource (
    deployment_id text NOT NULL,
    name text NOT NULL,
    content bytea NOT NULL
);

CREATE TABLE public.weir_attachment (
    id text NOT NULL,
    task_id text,
    process_instance_id text,
    user_id text,
    name text NOT NULL,
    description text,
    type text,
    url text,
    content bytea,
    created_at timestamp with time zone NOT NULL,
    content_item_id text
);

CREATE TABLE public.weir_batch (
    id text NOT NULL,
    batch_type text NOT NULL,
    search_key text,
    search_key2 text,
    status text NOT NULL,
    document jsonb,
    tenant_id text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone
);

CREATE TABLE public.weir_batch_part (
    id text NOT NULL,
    batch_id text NOT NULL,
    batch_type text NOT NULL,
    search_key text,
    search_key2 text,
    scope_id text,
    sub_scope_id text,
    scope_type text,
    status text NOT NULL,
    result jsonb,
    tenant_id text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone
);

CREATE TABLE public.weir_candidate_starter (
    id text NOT NULL,
    definition_id text NOT NULL,
    user_id text,
    group_id text,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT weir_candidate_starter_check CHECK (((user_id IS NULL) <> (group_id IS NULL)))
);

CREATE TABLE public.weir_cmmn_candidate_starter (
    id text NOT NULL,
    definition_id text NOT NULL,
    user_id text,
    group_id text,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT weir_cmmn_candidate_starter_check CHECK (((user_id IS NULL) <> (group_id IS NULL)))
);

CREATE TABLE public.weir_cmmn_case_definition (
    id text NOT NULL,
    key text NOT NULL,
    version integer NOT NULL,
    name text,
    description text,
    category text,
    tenant_id text DEFAULT ''::text NOT NULL,
    deployment_id text NOT NULL,
    resource_name text NOT NULL,
    has_start_form_key boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_cmmn_case_instance (
    id text NOT NULL,
    definition_id text NOT NULL,
    business_key text,
    name text,
    state text NOT NULL,
    start_user_id text,
    started_at timestamp with time zone NOT NULL,
    tenant_id text DEFAULT ''::text NOT NULL,
    callback_id text,
    callback_type text,
    parent_id text,
    document jsonb NOT NULL,
    revision integer DEFAULT 1 NOT NULL,
    business_status text
);

CREATE TABLE public.weir_cmmn_deployment (
    id text NOT NULL,
    name text,
    category text,
    key text,
    tenant_id text DEFAULT ''::text NOT NULL,
    parent_deployment_id text,
    deployed_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_cmmn_hi_case_instance (
    id text NOT NULL,
    definition_id text NOT NULL,
    definition_key text NOT NULL,
    definition_version integer NOT NULL,
    definition_name text,
    business_key text,
    name text,
    state text NOT NULL,
    start_user_id text,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    tenant_id text DEFAULT ''::text NOT NULL,
    callback_id text,
    callback_type text,
    parent_id text,
    business_status text
);

CREATE TABLE public.weir_cmmn_hi_milestone (
    id text NOT NULL,
    name text,
    element_id text NOT NULL,
    plan_item_instance_id text NOT NULL,
    case_instance_id text NOT NULL,
    case_definition_id text NOT NULL,
    tenant_id text DEFAULT ''::text NOT NULL,
    reached_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_cmmn_hi_variable (
    id text NOT NULL,
    case_instance_id text NOT NULL,
    plan_item_instance_id text,
    task_id text,
    name text NOT NULL,
    type text NOT NULL,
    value jsonb,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_cmmn_plan_item (
    id text NOT NULL,
    case_instance_id text NOT NULL,
    case_definition_id text NOT NULL,
    stage_instance_id text,
    element_id text NOT NULL,
    name text,
    state text NOT NULL,
    plan_item_definition_id text NOT NULL,
    plan_item_definition_type text NOT NULL,
    is_stage boolean NOT NULL,
    reference_id text,
    reference_type text,
    entry_criterion_id text,
    exit_criterion_id text,
    start_user_id text,
    tenant_id text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_available_at timestamp with time zone,
    last_enabled_at timestamp with time zone,
    last_disabled_at timestamp with time zone,
    last_started_at timestamp with time zone,
    last_suspended_at timestamp with time zone,
    completed_at timestamp with time zone,
    occurred_at timestamp with time zone,
    terminated_at timestamp with time zone,
    exited_at timestamp with time zone,
    ended_at timestamp with time zone,
    last_updated_at timestamp with time zone NOT NULL,
    completable boolean DEFAULT false NOT NULL
);

CREATE TABLE public.weir_cmmn_resource (
    deployment_id text NOT NULL,
    name text NOT NULL,
    content bytea NOT NULL
);

CREATE TABLE public.weir_comment (
    id text NOT NULL,
    task_id text,
    process_instance_id text,
    author text,
    message text NOT NULL,
    type text DEFAULT 'comment'::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    action text
);

CREATE TABLE public.weir_content_item (
    id text NOT NULL,
    name text NOT NULL,
    mime_type text,
    task_id text,
    process_instance_id text,
    scope_id text,
    scope_type text,
    content_store_id text,
    content_store_name text,
    field text,
    content_available boolean DEFAULT false NOT NULL,
    content_size bigint,
    checksum text,
    storage_key text,
    tenant_id text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by text,
    last_modified_at timestamp with time zone NOT NULL,
    last_modified_by text
);

CREATE TABLE public.weir_content_orphan (
    storage_key text NOT NULL,
    orphaned_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.weir_conversation (
    id text NOT NULL,
    name text,
    task_id text,
    process_instance_id text,
    created_by text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_message_id bigint DEFAULT 0 NOT NULL,
    last_message_at timestamp with time zone
);

CREATE TABLE public.weir_conversation_message (
    id bigint NOT NULL,
    conversation_id text NOT NULL,
    author text NOT NULL,
    text text NOT NULL,
    mentions text[] DEFAULT '{}'::text[] NOT NULL,
    content_item_id text,
    created_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.weir_conversation_message_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.weir_conversation_message_id_seq OWNED BY public.weir_conversation_message.id;

CREATE TABLE public.weir_conversation_participant (
    conversation_id text NOT NULL,
    user_id text,
    group_id text,
    added_by text,
    added_at timestamp with time zone NOT NULL,
    CONSTRAINT weir_conversation_participant_check CHECK (((user_id IS NULL) <> (group_id IS NULL)))
);

CREATE TABLE public.weir_conversation_read (
    conversation_id text NOT NULL,
    user_id text NOT NULL,
    last_read_message_id bigint NOT NULL
);

CREATE TABLE public.weir_deployment (
    id text NOT NULL,
    name text,
    category text,
    key text,
    tenant_id text DEFAULT ''::text NOT NULL,
    parent_deployment_id text,
    deployed_at timestamp with time zone NOT NULL,
    derived_from text,
    derived_from_root text
);

CREATE TABLE public.weir_dmn_decision (
    id text NOT NULL,
    key text NOT NULL,
    version integer NOT NULL,
    name text,
    description text,
    category text,
    tenant_id text DEFAULT ''::text NOT NULL,
    deployment_id text NOT NULL,
    resource_name text NOT NULL,
    decision_type text NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_dmn_deployment (
    id text NOT NULL,
    name text,
    category text,
    tenant_id text DEFAULT ''::text NOT NULL,
    parent_deployment_id text,
    deployed_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_dmn_history (
    id text NOT NULL,
    decision_definition_id text NOT NULL,
    decision_key text NOT NULL,
    deployment_id text NOT NULL,
    start_time timestamp with time zone NOT NULL,
    end_time timestamp with time zone NOT NULL,
    instance_id text,
    execution_id text,
    activity_id text,
    scope_type text,
    failed boolean NOT NULL,
    tenant_id text DEFAULT ''::text NOT NULL,
    execution_json jsonb NOT NULL
);

CREATE TABLE public.weir_dmn_resource (
    deployment_id text NOT NULL,
    name text NOT NULL,
    content bytea NOT NULL
);

CREATE TABLE public.weir_event_log (
    id bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

CREATE SEQUENCE public.weir_event_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.weir_event_log_id_seq OWNED BY public.weir_event_log.id;

CREATE TABLE public.weir_event_subscription (
    id text NOT NULL,
    event_type text NOT NULL,
    event_name text NOT NULL,
    process_instance_id text,
    root_instance_id text,
    execution_id text,
    activity_id text,
    definition_id text,
    scope text,
    tenant_id text DEFAULT ''::text NOT NULL,
    configuration jsonb,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_form_definition (
    id text NOT NULL,
    key text NOT NULL,
    version integer NOT NULL,
    name text,
    description text,
    category text,
    tenant_id text DEFAULT ''::text NOT NULL,
    deployment_id text NOT NULL,
    resource_name text NOT NULL,
    model jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_form_deployment (
    id text NOT NULL,
    name text,
    category text,
    tenant_id text DEFAULT ''::text NOT NULL,
    parent_deployment_id text,
    deployed_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_form_instance (
    id text NOT NULL,
    form_definition_id text NOT NULL,
    task_id text,
    process_instance_id text,
    process_definition_id text,
    scope_id text,
    scope_type text,
    scope_definition_id text,
    submitted_at timestamp with time zone NOT NULL,
    submitted_by text,
    form_values jsonb NOT NULL,
    outcome text,
    tenant_id text DEFAULT ''::text NOT NULL
);

CREATE TABLE public.weir_form_resource (
    deployment_id text NOT NULL,
    name text NOT NULL,
    content bytea NOT NULL
);

CREATE TABLE public.weir_hi_activity_instance (
    id text NOT NULL,
    process_instance_id text NOT NULL,
    execution_id text NOT NULL,
    definition_id text NOT NULL,
    activity_id text NOT NULL,
    activity_name text,
    activity_type text NOT NULL,
    assignee text,
    task_id text,
    called_process_instance_id text,
    tenant_id text DEFAULT ''::text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    duration_ms bigint,
    end_reason text,
    seq bigint NOT NULL
);

CREATE TABLE public.weir_hi_identity_link (
    id text NOT NULL,
    type text NOT NULL,
    user_id text,
    group_id text,
    task_id text,
    process_instance_id text,
    created_at timestamp with time zone NOT NULL,
    scope_id text,
    scope_type text
);

CREATE TABLE public.weir_hi_process_instance (
    id text NOT NULL,
    root_id text NOT NULL,
    super_instance_id text,
    definition_id text NOT NULL,
    definition_key text NOT NULL,
    definition_version integer NOT NULL,
    business_key text,
    name text,
    tenant_id text DEFAULT ''::text NOT NULL,
    start_activity_id text,
    end_activity_id text,
    start_user_id text,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    duration_ms bigint,
    end_reason text
);

CREATE TABLE public.weir_hi_task_instance (
    id text NOT NULL,
    process_instance_id text,
    execution_id text,
    definition_id text,
    task_definition_key text,
    name text,
    description text,
    assignee text,
    owner text,
    priority integer DEFAULT 50 NOT NULL,
    due_date timestamp with time zone,
    category text,
    form_key text,
    tenant_id text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    claimed_at timestamp with time zone,
    ended_at timestamp with time zone,
    duration_ms bigint,
    end_reason text,
    parent_task_id text,
    scope_id text,
    scope_type text,
    sub_scope_id text,
    scope_definition_id text,
    propagated_stage_instance_id text
);

CREATE TABLE public.weir_hi_task_log_entry (
    log_number bigint NOT NULL,
    type text NOT NULL,
    task_id text NOT NULL,
    time_stamp timestamp with time zone NOT NULL,
    user_id text,
    data text,
    execution_id text,
    process_instance_id text,
    process_definition_id text,
    tenant_id text DEFAULT ''::text NOT NULL
);

CREATE SEQUENCE public.weir_hi_task_log_entry_log_number_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.weir_hi_task_log_entry_log_number_seq OWNED BY public.weir_hi_task_log_entry.log_number;

CREATE TABLE public.weir_hi_variable_instance (
    id text NOT NULL,
    process_instance_id text,
    execution_id text,
    task_id text,
    name text NOT NULL,
    type text NOT NULL,
    value jsonb,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_hi_variable_update (
    id bigint NOT NULL,
    variable_id text NOT NULL,
    process_instance_id text,
    execution_id text,
    task_id text,
    activity_instance_id text,
    name text NOT NULL,
    type text NOT NULL,
    value jsonb,
    revision integer NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.weir_hi_variable_update_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.weir_hi_variable_update_id_seq OWNED BY public.weir_hi_variable_update.id;

CREATE TABLE public.weir_identity_link (
    id text NOT NULL,
    type text NOT NULL,
    user_id text,
    group_id text,
    task_id text,
    process_instance_id text,
    root_instance_id text,
    created_at timestamp with time zone NOT NULL,
    scope_id text,
    scope_type text
);

CREATE TABLE public.weir_idm_group (
    id text NOT NULL,
    name text,
    type text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.weir_idm_membership (
    user_id text NOT NULL,
    group_id text NOT NULL
);

CREATE TABLE public.weir_idm_privilege (
    id text NOT NULL,
    name text NOT NULL
);

CREATE TABLE public.weir_idm_privilege_mapping (
    privilege_id text NOT NULL,
    user_id text,
    group_id text,
    CONSTRAINT weir_idm_privilege_mapping_check CHECK (((user_id IS NULL) <> (group_id IS NULL)))
);

CREATE TABLE public.weir_idm_user (
    id text NOT NULL,
    first_name text,
    last_name text,
    display_name text,
    email text,
    tenant_id text DEFAULT ''::text NOT NULL,
    password_hash text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.weir_idm_user_info (
    user_id text NOT NULL,
    key text NOT NULL,
    value text
);

CREATE TABLE public.weir_idm_user_picture (
    user_id text NOT NULL,
    mime_type text NOT NULL,
    bytes bytea NOT NULL,
    CONSTRAINT weir_idm_user_picture_bytes_check CHECK ((octet_length(bytes) <= 1048576))
);

CREATE TABLE public.weir_job (
    id text NOT NULL,
    state text NOT NULL,
    handler text NOT NULL,
    handler_config jsonb,
    process_instance_id text,
    root_instance_id text,
    execution_id text,
    definition_id text,
    element_id text,
    element_name text,
    exclusive boolean DEFAULT true NOT NULL,
    retries integer DEFAULT 3 NOT NULL,
    retry_cycle text,
    due_at timestamp with time zone,
    repeat text,
    end_at timestamp with time zone,
    lock_owner text,
    lock_expires_at timestamp with time zone,
    topic text,
    worker_id text,
    exception_message text,
    exception_stacktrace text,
    tenant_id text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    lock_user_id text,
    scope_type text,
    CONSTRAINT weir_job_state_check CHECK ((state = ANY (ARRAY['executable'::text, 'timer'::text, 'external'::text, 'deadletter'::text, 'suspended'::text])))
);

CREATE TABLE public.weir_lock (
    name text NOT NULL,
    owner text NOT NULL,
    owner_host text,
    acquired_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_migration (
    id integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.weir_model (
    id text NOT NULL,
    name text,
    key text,
    category text,
    version integer,
    meta_info text,
    deployment_id text,
    tenant_id text DEFAULT ''::text NOT NULL,
    create_time timestamp with time zone NOT NULL,
    last_update_time timestamp with time zone NOT NULL,
    editor_source bytea,
    editor_source_extra bytea,
    CONSTRAINT weir_model_editor_source_check CHECK ((octet_length(editor_source) <= 10485760)),
    CONSTRAINT weir_model_editor_source_extra_check CHECK ((octet_length(editor_source_extra) <= 10485760))
);

CREATE TABLE public.weir_node (
    id text NOT NULL,
    host text NOT NULL,
    port integer NOT NULL,
    version text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    last_beat_at timestamp with time zone NOT NULL,
    stats jsonb DEFAULT '{}'::jsonb NOT NULL
);

CREATE TABLE public.weir_oidc_login (
    state_hash text NOT NULL,
    registration_id text NOT NULL,
    nonce text NOT NULL,
    code_verifier text NOT NULL,
    return_to text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE TABLE public.weir_process_definition (
    id text NOT NULL,
    key text NOT NULL,
    version integer NOT NULL,
    name text,
    description text,
    category text,
    tenant_id text DEFAULT ''::text NOT NULL,
    deployment_id text NOT NULL,
    resource_name text NOT NULL,
    has_start_form_key boolean DEFAULT false NOT NULL,
    start_form_key text,
    has_graphical_notation boolean DEFAULT false NOT NULL,
    suspended boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone NOT NULL,
    starters_seeded boolean DEFAULT false NOT NULL,
    derived_from text,
    derived_from_root text,
    derived_version integer DEFAULT 0 NOT NULL
);

CREATE TABLE public.weir_process_instance (
    id text NOT NULL,
    root_id text NOT NULL,
    super_instance_id text,
    super_execution_id text,
    definition_id text NOT NULL,
    definition_key text NOT NULL,
    definition_version integer NOT NULL,
    business_key text,
    name text,
    tenant_id text DEFAULT ''::text NOT NULL,
    start_activity_id text,
    start_user_id text,
    started_at timestamp with time zone NOT NULL,
    suspended boolean DEFAULT false NOT NULL,
    revision integer DEFAULT 1 NOT NULL,
    state jsonb NOT NULL,
    callback_id text,
    callback_type text
);

CREATE TABLE public.weir_property (
    name text NOT NULL,
    value text,
    revision integer DEFAULT 1 NOT NULL
);

CREATE TABLE public.weir_resource (
    deployment_id text NOT NULL,
    name text NOT NULL,
    content bytea NOT NULL,
    sha256 text NOT NULL
);

CREATE TABLE public.weir_session (
    token_hash text NOT NULL,
    user_id text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    oidc_registration_id text,
    oidc_id_token text
);

CREATE TABLE public.weir_task (
    id text NOT NULL,
    process_instance_id text,
    root_instance_id text,
    execution_id text,
    definition_id text,
    task_definition_key text,
    name text,
    description text,
    assignee text,
    owner text,
    delegation_state text,
    priority integer DEFAULT 50 NOT NULL,
    due_date timestamp with time zone,
    category text,
    form_key text,
    tenant_id text DEFAULT ''::text NOT NULL,
    parent_task_id text,
    suspended boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone NOT NULL,
    claimed_at timestamp with time zone,
    variables jsonb DEFAULT '{}'::jsonb NOT NULL,
    scope_id text,
    scope_type text,
    sub_scope_id text,
    scope_definition_id text,
    propagated_stage_instance_id text
);

CREATE TABLE public.weir_variable_bytes (
    id text NOT NULL,
    process_instance_id text,
    bytes bytea NOT NULL,
    created_at timestamp with time zone NOT NULL
);

ALTER TABLE ONLY public.weir_conversation_message ALTER COLUMN id SET DEFAULT nextval('public.weir_conversation_message_id_seq'::regclass);

ALTER TABLE ONLY public.weir_event_log ALTER COLUMN id SET DEFAULT nextval('public.weir_event_log_id_seq'::regclass);

ALTER TABLE ONLY public.weir_hi_task_log_entry ALTER COLUMN log_number SET DEFAULT nextval('public.weir_hi_task_log_entry_log_number_seq'::regclass);

ALTER TABLE ONLY public.weir_hi_variable_update ALTER COLUMN id SET DEFAULT nextval('public.weir_hi_variable_update_id_seq'::regclass);

ALTER TABLE ONLY public.weir_app_definition
    ADD CONSTRAINT weir_app_definition_key_tenant_id_version_key UNIQUE (key, tenant_id, version);

ALTER TABLE ONLY public.weir_app_definition
    ADD CONSTRAINT weir_app_definition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_app_deployment
    ADD CONSTRAINT weir_app_deployment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_app_resource
    ADD CONSTRAINT weir_app_resource_pkey PRIMARY KEY (deployment_id, name);

ALTER TABLE ONLY public.weir_attachment
    ADD CONSTRAINT weir_attachment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_batch_part
    ADD CONSTRAINT weir_batch_part_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_batch
    ADD CONSTRAINT weir_batch_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_candidate_starter
    ADD CONSTRAINT weir_candidate_starter_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_candidate_starter
    ADD CONSTRAINT weir_cmmn_candidate_starter_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_case_definition
    ADD CONSTRAINT weir_cmmn_case_definition_key_tenant_id_version_key UNIQUE (key, tenant_id, version);

ALTER TABLE ONLY public.weir_cmmn_case_definition
    ADD CONSTRAINT weir_cmmn_case_definition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_case_instance
    ADD CONSTRAINT weir_cmmn_case_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_deployment
    ADD CONSTRAINT weir_cmmn_deployment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_hi_case_instance
    ADD CONSTRAINT weir_cmmn_hi_case_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_hi_milestone
    ADD CONSTRAINT weir_cmmn_hi_milestone_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_hi_variable
    ADD CONSTRAINT weir_cmmn_hi_variable_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_plan_item
    ADD CONSTRAINT weir_cmmn_plan_item_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_cmmn_resource
    ADD CONSTRAINT weir_cmmn_resource_pkey PRIMARY KEY (deployment_id, name);

ALTER TABLE ONLY public.weir_comment
    ADD CONSTRAINT weir_comment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_content_item
    ADD CONSTRAINT weir_content_item_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_content_orphan
    ADD CONSTRAINT weir_content_orphan_pkey PRIMARY KEY (storage_key);

ALTER TABLE ONLY public.weir_conversation_message
    ADD CONSTRAINT weir_conversation_message_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_conversation
    ADD CONSTRAINT weir_conversation_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_conversation_read
    ADD CONSTRAINT weir_conversation_read_pkey PRIMARY KEY (conversation_id, user_id);

ALTER TABLE ONLY public.weir_deployment
    ADD CONSTRAINT weir_deployment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_dmn_decision
    ADD CONSTRAINT weir_dmn_decision_key_tenant_id_version_key UNIQUE (key, tenant_id, version);

ALTER TABLE ONLY public.weir_dmn_decision
    ADD CONSTRAINT weir_dmn_decision_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_dmn_deployment
    ADD CONSTRAINT weir_dmn_deployment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_dmn_history
    ADD CONSTRAINT weir_dmn_history_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_dmn_resource
    ADD CONSTRAINT weir_dmn_resource_pkey PRIMARY KEY (deployment_id, name);

ALTER TABLE ONLY public.weir_event_log
    ADD CONSTRAINT weir_event_log_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_event_subscription
    ADD CONSTRAINT weir_event_subscription_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_form_definition
    ADD CONSTRAINT weir_form_definition_key_tenant_id_version_key UNIQUE (key, tenant_id, version);

ALTER TABLE ONLY public.weir_form_definition
    ADD CONSTRAINT weir_form_definition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_form_deployment
    ADD CONSTRAINT weir_form_deployment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_form_instance
    ADD CONSTRAINT weir_form_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_form_resource
    ADD CONSTRAINT weir_form_resource_pkey PRIMARY KEY (deployment_id, name);

ALTER TABLE ONLY public.weir_hi_activity_instance
    ADD CONSTRAINT weir_hi_activity_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_hi_identity_link
    ADD CONSTRAINT weir_hi_identity_link_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_hi_process_instance
    ADD CONSTRAINT weir_hi_process_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_hi_task_instance
    ADD CONSTRAINT weir_hi_task_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_hi_task_log_entry
    ADD CONSTRAINT weir_hi_task_log_entry_pkey PRIMARY KEY (log_number);

ALTER TABLE ONLY public.weir_hi_variable_instance
    ADD CONSTRAINT weir_hi_variable_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_hi_variable_update
    ADD CONSTRAINT weir_hi_variable_update_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_identity_link
    ADD CONSTRAINT weir_identity_link_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_idm_group
    ADD CONSTRAINT weir_idm_group_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_idm_membership
    ADD CONSTRAINT weir_idm_membership_pkey PRIMARY KEY (user_id, group_id);

ALTER TABLE ONLY public.weir_idm_privilege
    ADD CONSTRAINT weir_idm_privilege_name_key UNIQUE (name);

ALTER TABLE ONLY public.weir_idm_privilege
    ADD CONSTRAINT weir_idm_privilege_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_idm_user_info
    ADD CONSTRAINT weir_idm_user_info_pkey PRIMARY KEY (user_id, key);

ALTER TABLE ONLY public.weir_idm_user_picture
    ADD CONSTRAINT weir_idm_user_picture_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY public.weir_idm_user
    ADD CONSTRAINT weir_idm_user_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_job
    ADD CONSTRAINT weir_job_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_lock
    ADD CONSTRAINT weir_lock_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.weir_migration
    ADD CONSTRAINT weir_migration_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_model
    ADD CONSTRAINT weir_model_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_node
    ADD CONSTRAINT weir_node_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_oidc_login
    ADD CONSTRAINT weir_oidc_login_pkey PRIMARY KEY (state_hash);

ALTER TABLE ONLY public.weir_process_definition
    ADD CONSTRAINT weir_process_definition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_process_instance
    ADD CONSTRAINT weir_process_instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_property
    ADD CONSTRAINT weir_property_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.weir_resource
    ADD CONSTRAINT weir_resource_pkey PRIMARY KEY (deployment_id, name);

ALTER TABLE ONLY public.weir_session
    ADD CONSTRAINT weir_session_pkey PRIMARY KEY (token_hash);

ALTER TABLE ONLY public.weir_task
    ADD CONSTRAINT weir_task_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.weir_variable_bytes
    ADD CONSTRAINT weir_variable_bytes_pkey PRIMARY KEY (id);

CREATE INDEX weir_app_definition_deployment ON public.weir_app_definition USING btree (deployment_id);

CREATE INDEX weir_attachment_instance ON public.weir_attachment USING btree (process_instance_id) WHERE (process_instance_id IS NOT NULL);

CREATE INDEX weir_attachment_task ON public.weir_attachment USING btree (task_id) WHERE (task_id IS NOT NULL);

CREATE INDEX weir_batch_created ON public.weir_batch USING btree (created_at);

CREATE INDEX weir_batch_part_batch ON public.weir_batch_part USING btree (batch_id, status);

CREATE UNIQUE INDEX weir_candidate_starter_group ON public.weir_candidate_starter USING btree (definition_id, group_id) WHERE (group_id IS NOT NULL);

CREATE UNIQUE INDEX weir_candidate_starter_user ON public.weir_candidate_starter USING btree (definition_id, user_id) WHERE (user_id IS NOT NULL);

CREATE UNIQUE INDEX weir_cmmn_candidate_starter_group ON public.weir_cmmn_candidate_starter USING btree (definition_id, group_id) WHERE (group_id IS NOT NULL);

CREATE UNIQUE INDEX weir_cmmn_candidate_starter_user ON public.weir_cmmn_candidate_starter USING btree (definition_id, user_id) WHERE (user_id IS NOT NULL);

CREATE INDEX weir_cmmn_case_definition_deployment ON public.weir_cmmn_case_definition USING btree (deployment_id);

CREATE INDEX weir_cmmn_case_instance_callback ON public.weir_cmmn_case_instance USING btree (callback_id) WHERE (callback_id IS NOT NULL);

CREATE INDEX weir_cmmn_case_instance_definition ON public.weir_cmmn_case_instance USING btree (definition_id);

CREATE INDEX weir_cmmn_case_instance_start_user ON public.weir_cmmn_case_instance USING btree (start_user_id) WHERE (start_user_id IS NOT NULL);

CREATE INDEX weir_cmmn_deployment_parent ON public.weir_cmmn_deployment USING btree (parent_deployment_id);

CREATE INDEX weir_cmmn_hi_case_instance_definition ON public.weir_cmmn_hi_case_instance USING btree (definition_id);

CREATE INDEX weir_cmmn_hi_case_instance_start_user ON public.weir_cmmn_hi_case_instance USING btree (start_user_id) WHERE (start_user_id IS NOT NULL);

CREATE INDEX weir_cmmn_hi_milestone_case ON public.weir_cmmn_hi_milestone USING btree (case_instance_id);

CREATE INDEX weir_cmmn_hi_variable_case ON public.weir_cmmn_hi_variable USING btree (case_instance_id, name);

CREATE INDEX weir_cmmn_plan_item_case ON public.weir_cmmn_plan_item USING btree (case_instance_id);

CREATE INDEX weir_comment_instance ON public.weir_comment USING btree (process_instance_id) WHERE (process_instance_id IS NOT NULL);

CREATE INDEX weir_comment_task ON public.weir_comment USING btree (task_id) WHERE (task_id IS NOT NULL);

CREATE INDEX weir_content_item_created ON public.weir_content_item USING btree (created_at);

CREATE INDEX weir_content_item_instance ON public.weir_content_item USING btree (process_instance_id) WHERE (process_instance_id IS NOT NULL);

CREATE INDEX weir_content_item_scope ON public.weir_content_item USING btree (scope_id, scope_type) WHERE (scope_id IS NOT NULL);

CREATE INDEX weir_content_item_task ON public.weir_content_item USING btree (task_id) WHERE (task_id IS NOT NULL);

CREATE UNIQUE INDEX weir_conversation_instance ON public.weir_conversation USING btree (process_instance_id) WHERE ((task_id IS NULL) AND (process_instance_id IS NOT NULL));

CREATE INDEX weir_conversation_message_conversation ON public.weir_conversation_message USING btree (conversation_id, id);

CREATE INDEX weir_conversation_participant_by_group ON public.weir_conversation_participant USING btree (group_id) WHERE (group_id IS NOT NULL);

CREATE INDEX weir_conversation_participant_by_user ON public.weir_conversation_participant USING btree (user_id) WHERE (user_id IS NOT NULL);

CREATE UNIQUE INDEX weir_conversation_participant_group ON public.weir_conversation_participant USING btree (conversation_id, group_id) WHERE (group_id IS NOT NULL);

CREATE UNIQUE INDEX weir_conversation_participant_user ON public.weir_conversation_participant USING btree (conversation_id, user_id) WHERE (user_id IS NOT NULL);

CREATE UNIQUE INDEX weir_conversation_task ON public.weir_conversation USING btree (task_id) WHERE (task_id IS NOT NULL);

CREATE INDEX weir_deployment_name ON public.weir_deployment USING btree (name, tenant_id, deployed_at DESC);

CREATE INDEX weir_deployment_parent ON public.weir_deployment USING btree (parent_deployment_id);

CREATE INDEX weir_dmn_decision_deployment ON public.weir_dmn_decision USING btree (deployment_id);

CREATE INDEX weir_dmn_deployment_parent ON public.weir_dmn_deployment USING btree (parent_deployment_id);

CREATE INDEX weir_dmn_history_decision ON public.weir_dmn_history USING btree (decision_definition_id);

CREATE INDEX weir_dmn_history_instance ON public.weir_dmn_history USING btree (instance_id);

CREATE INDEX weir_event_log_created ON public.weir_event_log USING btree (created_at);

CREATE INDEX weir_event_subscription_execution ON public.weir_event_subscription USING btree (execution_id) WHERE (execution_id IS NOT NULL);

CREATE INDEX weir_event_subscription_instance ON public.weir_event_subscription USING btree (root_instance_id);

CREATE INDEX weir_event_subscription_name ON public.weir_event_subscription USING btree (event_type, event_name, tenant_id);

CREATE INDEX weir_form_definition_deployment ON public.weir_form_definition USING btree (deployment_id);

CREATE INDEX weir_form_deployment_parent ON public.weir_form_deployment USING btree (parent_deployment_id);

CREATE INDEX weir_form_instance_process ON public.weir_form_instance USING btree (process_instance_id);

CREATE INDEX weir_form_instance_task ON public.weir_form_instance USING btree (task_id);

CREATE INDEX weir_hi_activity_instance_instance ON public.weir_hi_activity_instance USING btree (process_instance_id, seq);

CREATE INDEX weir_hi_identity_link_instance ON public.weir_hi_identity_link USING btree (process_instance_id) WHERE (process_instance_id IS NOT NULL);

CREATE INDEX weir_hi_identity_link_scope ON public.weir_hi_identity_link USING btree (scope_id) WHERE (scope_id IS NOT NULL);

CREATE INDEX weir_hi_identity_link_task ON public.weir_hi_identity_link USING btree (task_id) WHERE (task_id IS NOT NULL);

CREATE INDEX weir_hi_process_instance_business_key ON public.weir_hi_process_instance USING btree (business_key) WHERE (business_key IS NOT NULL);

CREATE INDEX weir_hi_process_instance_definition ON public.weir_hi_process_instance USING btree (definition_id);

CREATE INDEX weir_hi_process_instance_start_user ON public.weir_hi_process_instance USING btree (start_user_id) WHERE (start_user_id IS NOT NULL);

CREATE INDEX weir_hi_task_instance_assignee ON public.weir_hi_task_instance USING btree (assignee) WHERE (assignee IS NOT NULL);

CREATE INDEX weir_hi_task_instance_instance ON public.weir_hi_task_instance USING btree (process_instance_id);

CREATE INDEX weir_hi_task_instance_owner ON public.weir_hi_task_instance USING btree (owner) WHERE (owner IS NOT NULL);

CREATE INDEX weir_hi_task_instance_scope ON public.weir_hi_task_instance USING btree (scope_id) WHERE (scope_id IS NOT NULL);

CREATE INDEX weir_hi_task_log_entry_instance ON public.weir_hi_task_log_entry USING btree (process_instance_id) WHERE (process_instance_id IS NOT NULL);

CREATE INDEX weir_hi_task_log_entry_task ON public.weir_hi_task_log_entry USING btree (task_id);

CREATE INDEX weir_hi_variable_instance_instance ON public.weir_hi_variable_instance USING btree (process_instance_id, name);

CREATE INDEX weir_hi_variable_update_instance ON public.weir_hi_variable_update USING btree (process_instance_id);

CREATE INDEX weir_identity_link_group ON public.weir_identity_link USING btree (group_id) WHERE (group_id IS NOT NULL);

CREATE INDEX weir_identity_link_instance ON public.weir_identity_link USING btree (process_instance_id) WHERE (process_instance_id IS NOT NULL);

CREATE INDEX weir_identity_link_scope ON public.weir_identity_link USING btree (scope_id) WHERE (scope_id IS NOT NULL);

CREATE INDEX weir_identity_link_task ON public.weir_identity_link USING btree (task_id) WHERE (task_id IS NOT NULL);

CREATE INDEX weir_identity_link_user ON public.weir_identity_link USING btree (user_id) WHERE (user_id IS NOT NULL);

CREATE INDEX weir_idm_membership_group ON public.weir_idm_membership USING btree (group_id);

CREATE UNIQUE INDEX weir_idm_privilege_mapping_group ON public.weir_idm_privilege_mapping USING btree (privilege_id, group_id) WHERE (group_id IS NOT NULL);

CREATE UNIQUE INDEX weir_idm_privilege_mapping_user ON public.weir_idm_privilege_mapping USING btree (privilege_id, user_id) WHERE (user_id IS NOT NULL);

CREATE INDEX weir_job_acquirable ON public.weir_job USING btree (due_at, id) WHERE ((lock_owner IS NULL) AND (state = ANY (ARRAY['executable'::text, 'timer'::text])));

CREATE INDEX weir_job_execution ON public.weir_job USING btree (execution_id) WHERE (execution_id IS NOT NULL);

CREATE INDEX weir_job_external_topic ON public.weir_job USING btree (topic, due_at) WHERE (state = 'external'::text);

CREATE INDEX weir_job_instance ON public.weir_job USING btree (root_instance_id);

CREATE INDEX weir_job_locked ON public.weir_job USING btree (lock_owner, lock_expires_at) WHERE (lock_owner IS NOT NULL);

CREATE INDEX weir_model_key ON public.weir_model USING btree (key, tenant_id, version);

CREATE INDEX weir_oidc_login_expires ON public.weir_oidc_login USING btree (expires_at);

CREATE INDEX weir_process_definition_deployment ON public.weir_process_definition USING btree (deployment_id);

CREATE UNIQUE INDEX weir_process_definition_derived_version ON public.weir_process_definition USING btree (key, tenant_id, derived_version) WHERE (derived_from IS NOT NULL);

CREATE INDEX weir_process_definition_unseeded ON public.weir_process_definition USING btree (id) WHERE (NOT starters_seeded);

CREATE UNIQUE INDEX weir_process_definition_version ON public.weir_process_definition USING btree (key, tenant_id, version) WHERE (derived_from IS NULL);

CREATE INDEX weir_process_instance_business_key ON public.weir_process_instance USING btree (business_key) WHERE (business_key IS NOT NULL);

CREATE INDEX weir_process_instance_definition ON public.weir_process_instance USING btree (definition_id);

CREATE INDEX weir_process_instance_root ON public.weir_process_instance USING btree (root_id);

CREATE INDEX weir_process_instance_start_user ON public.weir_process_instance USING btree (start_user_id) WHERE (start_user_id IS NOT NULL);

CREATE INDEX weir_process_instance_super ON public.weir_process_instance USING btree (super_instance_id) WHERE (super_instance_id IS NOT NULL);

CREATE INDEX weir_session_expires ON public.weir_session USING btree (expires_at);

CREATE INDEX weir_session_user ON public.weir_session USING btree (user_id);

CREATE INDEX weir_task_assignee ON public.weir_task USING btree (assignee) WHERE (assignee IS NOT NULL);

CREATE INDEX weir_task_instance ON public.weir_task USING btree (root_instance_id);

CREATE INDEX weir_task_owner ON public.weir_task USING btree (owner) WHERE (owner IS NOT NULL);

CREATE INDEX weir_task_parent ON public.weir_task USING btree (parent_task_id) WHERE (parent_task_id IS NOT NULL);

CREATE INDEX weir_task_scope ON public.weir_task USING btree (scope_id) WHERE (scope_id IS NOT NULL);

CREATE INDEX weir_variable_bytes_instance ON public.weir_variable_bytes USING btree (process_instance_id);

CREATE TRIGGER weir_content_item_orphans AFTER DELETE OR UPDATE OF storage_key ON public.weir_content_item FOR EACH ROW EXECUTE FUNCTION public.weir_content_orphan_bytes();

ALTER TABLE ONLY public.weir_app_definition
    ADD CONSTRAINT weir_app_definition_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_app_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_app_resource
    ADD CONSTRAINT weir_app_resource_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_app_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_batch_part
    ADD CONSTRAINT weir_batch_part_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES public.weir_batch(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_candidate_starter
    ADD CONSTRAINT weir_candidate_starter_definition_id_fkey FOREIGN KEY (definition_id) REFERENCES public.weir_process_definition(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_cmmn_candidate_starter
    ADD CONSTRAINT weir_cmmn_candidate_starter_definition_id_fkey FOREIGN KEY (definition_id) REFERENCES public.weir_cmmn_case_definition(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_cmmn_case_definition
    ADD CONSTRAINT weir_cmmn_case_definition_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_cmmn_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_cmmn_case_instance
    ADD CONSTRAINT weir_cmmn_case_instance_definition_id_fkey FOREIGN KEY (definition_id) REFERENCES public.weir_cmmn_case_definition(id);

ALTER TABLE ONLY public.weir_cmmn_resource
    ADD CONSTRAINT weir_cmmn_resource_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_cmmn_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_conversation_message
    ADD CONSTRAINT weir_conversation_message_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.weir_conversation(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_conversation_participant
    ADD CONSTRAINT weir_conversation_participant_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.weir_conversation(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_conversation_read
    ADD CONSTRAINT weir_conversation_read_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.weir_conversation(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_dmn_decision
    ADD CONSTRAINT weir_dmn_decision_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_dmn_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_dmn_resource
    ADD CONSTRAINT weir_dmn_resource_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_dmn_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_form_definition
    ADD CONSTRAINT weir_form_definition_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_form_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_form_resource
    ADD CONSTRAINT weir_form_resource_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_form_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_idm_membership
    ADD CONSTRAINT weir_idm_membership_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.weir_idm_group(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_idm_membership
    ADD CONSTRAINT weir_idm_membership_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.weir_idm_user(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_idm_privilege_mapping
    ADD CONSTRAINT weir_idm_privilege_mapping_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.weir_idm_group(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_idm_privilege_mapping
    ADD CONSTRAINT weir_idm_privilege_mapping_privilege_id_fkey FOREIGN KEY (privilege_id) REFERENCES public.weir_idm_privilege(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_idm_privilege_mapping
    ADD CONSTRAINT weir_idm_privilege_mapping_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.weir_idm_user(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_idm_user_info
    ADD CONSTRAINT weir_idm_user_info_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.weir_idm_user(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_idm_user_picture
    ADD CONSTRAINT weir_idm_user_picture_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.weir_idm_user(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_process_definition
    ADD CONSTRAINT weir_process_definition_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_deployment(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weir_resource
    ADD CONSTRAINT weir_resource_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.weir_deployment(id) ON DELETE CASCADE;
