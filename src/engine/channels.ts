/** NOTIFY channel that wakes idle nodes when unlocked jobs were created. */
export const JOBS_CHANNEL = 'weir_jobs';
