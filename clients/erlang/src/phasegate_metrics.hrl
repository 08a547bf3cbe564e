%% Where the counting API (phasegate) keeps its numbers; phasegate_metrics owns them and flushes them.
-define(COUNTERS, {phasegate, counters}).
-define(TABLE, phasegate_counts).

%% Totals: positions in the `counters` array.
-define(I_REQUESTS, 1).
-define(I_SENT, 2).
-define(I_DELIVERED, 3).
-define(I_ATTEMPTED, 4).
-define(I_SUCCEEDED, 5).
-define(I_RT_COUNT, 6).
-define(I_RT_SUM_US, 7).
-define(I_RESTARTS, 8).
-define(N_COUNTERS, 8).

%% A cohort's row in the ETS table (one per scheduler): {{cohort, Flag, Variant, Scheduler}, Requests, Errors, Sent, Delivered, Attempted,
%% Succeeded, ResponseCount, ResponseSumMicros, Bucket0 .. Bucket13}.
-define(C_REQUESTS, 2).
-define(C_ERRORS, 3).
-define(C_SENT, 4).
-define(C_DELIVERED, 5).
-define(C_ATTEMPTED, 6).
-define(C_SUCCEEDED, 7).
-define(C_RT_COUNT, 8).
-define(C_RT_SUM_US, 9).
-define(C_BUCKETS, 10).
-define(N_BUCKETS, 14).
-define(COHORT_ROW(Key), {Key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).
%% Upper bounds (ms) of the histogram buckets, as phasegate:bucket/1 applies them; the last bucket is unbounded.
-define(BUCKET_BOUNDS, [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, null]).
