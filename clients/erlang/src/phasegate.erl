%% The counting API: what the host application calls on its hot paths so that Phasegate's five metrics (error rate,
%% message delivery, state recovery, response time, restarts) and the canary judge's cohorts come from real traffic.
%%
%%     phasegate:count_request(),                              % one request handled
%%     phasegate:count_error(infrastructure, database_timeout), % one failed request (also count the request)
%%     phasegate:observe_response_ms(12.5),                    % one response time
%%     phasegate:message_sent(), phasegate:message_delivered(),
%%     phasegate:recovery_attempted(), phasegate:recovery_succeeded(),
%%     phasegate:record_request(#{ms => 12.5, error => {infrastructure, database_timeout}, cohorts => Cohorts})
%%
%% Every function also takes a cohort label list as its last argument, [{Flag, on | off}], usually built with
%% phasegate_flags:cohorts([Flag, ...], Id): the same local phash2 evaluation as enabled_for_id/2, so Phasegate can
%% compare the ids a flag turned on against the ids it left off.
%%
%% Totals live in an OTP `counters` array (write_concurrency), error codes and cohorts in an ETS table with
%% write_concurrency: no process is called, nothing is copied, and each call is one or two atomic increments.
%% phasegate_metrics owns both and turns them into an interval report every `interval_seconds`. Before it has
%% started (or with the reporter switched off) every call is a cheap no-op, never a crash.
-module(phasegate).
-export([count_request/0, count_request/1, count_error/2, count_error/3, observe_response_ms/1,
         observe_response_ms/2, message_sent/0, message_sent/1, message_delivered/0, message_delivered/1,
         recovery_attempted/0, recovery_attempted/1, recovery_succeeded/0, recovery_succeeded/1,
         record_request/1]).
-export([bucket/1]).

-include("phasegate_metrics.hrl").

count_request() -> add(?I_REQUESTS, 1).
count_request(Cohorts) -> count_request(), cohorts(Cohorts, [{?C_REQUESTS, 1}]).

%% A failed request. Errors are a share of requests: count the request itself too (record_request/1 does both).
count_error(Category, Code) ->
    Key = {error, Category, Code, erlang:system_info(scheduler_id)},
    try ets:update_counter(?TABLE, Key, 1, {Key, 0}) of
        _ -> ok
    catch error:badarg -> ok
    end.
count_error(Category, Code, Cohorts) -> count_error(Category, Code), cohorts(Cohorts, [{?C_ERRORS, 1}]).

observe_response_ms(Ms) when is_number(Ms), Ms >= 0 ->
    case persistent_term:get(?COUNTERS, undefined) of
        undefined -> ok;
        Ref -> counters:add(Ref, ?I_RT_COUNT, 1), counters:add(Ref, ?I_RT_SUM_US, round(Ms * 1000))
    end;
observe_response_ms(_) -> ok.
observe_response_ms(Ms, Cohorts) when is_number(Ms), Ms >= 0 ->
    observe_response_ms(Ms),
    cohorts(Cohorts, [{?C_RT_COUNT, 1}, {?C_RT_SUM_US, round(Ms * 1000)}, {?C_BUCKETS + bucket(Ms), 1}]);
observe_response_ms(_, _) -> ok.

message_sent() -> add(?I_SENT, 1).
message_sent(Cohorts) -> message_sent(), cohorts(Cohorts, [{?C_SENT, 1}]).
message_delivered() -> add(?I_DELIVERED, 1).
message_delivered(Cohorts) -> message_delivered(), cohorts(Cohorts, [{?C_DELIVERED, 1}]).
recovery_attempted() -> add(?I_ATTEMPTED, 1).
recovery_attempted(Cohorts) -> recovery_attempted(), cohorts(Cohorts, [{?C_ATTEMPTED, 1}]).
recovery_succeeded() -> add(?I_SUCCEEDED, 1).
recovery_succeeded(Cohorts) -> recovery_succeeded(), cohorts(Cohorts, [{?C_SUCCEEDED, 1}]).

%% One request with what is known about it: #{ms => ResponseMs, error => {Category, Code}, cohorts => Cohorts}, all
%% optional. A few counter adds for the totals and one ETS update per cohort, whatever the map holds.
record_request(Request) when is_map(Request) ->
    case persistent_term:get(?COUNTERS, undefined) of
        undefined -> ok;
        Ref ->
            counters:add(Ref, ?I_REQUESTS, 1),
            Us = case Request of
                #{ms := Ms} when is_number(Ms), Ms >= 0 ->
                    U = round(Ms * 1000),
                    counters:add(Ref, ?I_RT_COUNT, 1),
                    counters:add(Ref, ?I_RT_SUM_US, U),
                    U;
                _ -> none
            end,
            Failed = case Request of
                #{error := {Category, Code}} -> count_error(Category, Code), true;
                _ -> false
            end,
            case Request of
                #{cohorts := [_ | _] = Cohorts} -> cohorts(Cohorts, cohort_ops(Us, Failed, Request));
                _ -> ok
            end
    end.

cohort_ops(none, false, _) -> [{?C_REQUESTS, 1}];
cohort_ops(none, true, _) -> [{?C_REQUESTS, 1}, {?C_ERRORS, 1}];
cohort_ops(Us, Failed, #{ms := Ms}) ->
    Ops = [{?C_REQUESTS, 1}, {?C_RT_COUNT, 1}, {?C_RT_SUM_US, Us}, {?C_BUCKETS + bucket(Ms), 1}],
    case Failed of true -> [{?C_ERRORS, 1} | Ops]; false -> Ops end.

add(Index, N) ->
    case persistent_term:get(?COUNTERS, undefined) of
        undefined -> ok;
        Ref -> counters:add(Ref, Index, N)
    end.

%% One multi-position update_counter per cohort. The row is created (all zeros) on first use only: passing the
%% 23-element default on every call cost a third of the call. Rows (and error rows) are per scheduler, so callers
%% on different schedulers never contend for one row's lock; phasegate_metrics adds them up.
cohorts([], _Ops) -> ok;
cohorts([{Flag, Variant} | Rest], Ops) when Variant =:= on; Variant =:= off ->
    Key = {cohort, Flag, Variant, erlang:system_info(scheduler_id)},
    try ets:update_counter(?TABLE, Key, Ops) of
        _ -> cohorts(Rest, Ops)
    catch error:badarg ->
        try
            ets:insert_new(?TABLE, ?COHORT_ROW(Key)),
            ets:update_counter(?TABLE, Key, Ops),
            cohorts(Rest, Ops)
        catch error:badarg -> ok
        end
    end;
cohorts([{Flag, true} | Rest], Ops) -> cohorts([{Flag, on} | Rest], Ops);
cohorts([{Flag, false} | Rest], Ops) -> cohorts([{Flag, off} | Rest], Ops);
cohorts(_Malformed, _Ops) -> ok.

%% Which histogram bucket a response time falls in (0-based; the last is unbounded). Bounds: ?BUCKET_BOUNDS.
bucket(Ms) when Ms =< 1 -> 0;
bucket(Ms) when Ms =< 2 -> 1;
bucket(Ms) when Ms =< 5 -> 2;
bucket(Ms) when Ms =< 10 -> 3;
bucket(Ms) when Ms =< 25 -> 4;
bucket(Ms) when Ms =< 50 -> 5;
bucket(Ms) when Ms =< 100 -> 6;
bucket(Ms) when Ms =< 250 -> 7;
bucket(Ms) when Ms =< 500 -> 8;
bucket(Ms) when Ms =< 1000 -> 9;
bucket(Ms) when Ms =< 2500 -> 10;
bucket(Ms) when Ms =< 5000 -> 11;
bucket(Ms) when Ms =< 10000 -> 12;
bucket(_) -> 13.
