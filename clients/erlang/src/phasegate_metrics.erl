%% Owns the counting API's counters (phasegate) and, every `interval_seconds`, turns what was counted into one
%% interval report in the exact shape of POST /api/v1/ingest (docs/API.md, "Ingestion"), restarts included, and
%% hands it to the outbox (which buffers and retries it like every other item, within the memory bound).
%%
%% Taking the numbers never stops the callers: each counter is read, and exactly what was read is subtracted, so an
%% increment that lands in between is reported with the next interval instead of being lost. Numbers the contract
%% forbids in one interval (delivered above sent, a cohort above the total) can appear when a message is sent at
%% the end of one interval and delivered in the next; they are reported as far as allowed and the rest carries
%% over, so Phasegate never rejects a report for a race in the host.
-module(phasegate_metrics).
-behaviour(gen_server).
-export([start_link/0, count_restart/0, enabled/0, take/0, report/2]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

-include("phasegate_metrics.hrl").

-define(MAX_ERROR_CODES, 200).
-define(MAX_COHORTS, 50).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

%% Interval reports are on when a token is configured, unless `interval_reports` says otherwise.
enabled() ->
    case phasegate_config:get(interval_reports) of
        true -> true;
        false -> false;
        auto -> phasegate_config:get(token) =/= ""
    end.

%% A supervisor restart, from the reporter's restart counting (the logger filter).
count_restart() ->
    case persistent_term:get(?COUNTERS, undefined) of
        undefined -> ok;
        Ref -> counters:add(Ref, ?I_RESTARTS, 1)
    end.

init([]) ->
    %% Kept across restarts of this process: a new counters array would make persistent_term trigger a global GC.
    persistent_term:get(?COUNTERS, undefined) =:= undefined andalso
        persistent_term:put(?COUNTERS, counters:new(?N_COUNTERS, [write_concurrency])),
    ets:info(?TABLE) =:= undefined andalso
        ets:new(?TABLE, [named_table, public, set, {write_concurrency, true}, {decentralized_counters, true}]),
    Start = aligned_start(),
    schedule(Start),
    {ok, #{start => Start}}.

handle_call(_Request, _From, S) -> {reply, ok, S}.
handle_cast(_Request, S) -> {noreply, S}.

handle_info(interval, S = #{start := Start}) ->
    Len = phasegate_config:get(interval_seconds),
    phasegate_outbox:add_report(report(Start, Len)),
    %% A timer that fires a little early must not start the same interval again (its report would be a duplicate).
    Next = max(aligned_start(), Start + Len),
    schedule(Next),
    {noreply, S#{start := Next}};
handle_info(_Other, S) -> {noreply, S}.

aligned_start() ->
    Len = phasegate_config:get(interval_seconds),
    (os:system_time(second) div Len) * Len.

schedule(Start) ->
    End = (Start + phasegate_config:get(interval_seconds)) * 1000,
    erlang:send_after(max(0, End - os:system_time(millisecond)), self(), interval).

%% The report for the interval starting at Start (seconds since the epoch): takes the counts.
report(Start, Len) ->
    Taken = take(),
    maps:merge(Taken, #{node => phasegate_reporter:node_name(),
                        intervalStart => list_to_binary(calendar:system_time_to_rfc3339(
                                                          Start * 1000, [{unit, millisecond}, {offset, "Z"}])),
                        intervalSeconds => Len}).

%% What was counted since the last take, in the contract's field names, subtracted from the counters.
take() ->
    Ref = persistent_term:get(?COUNTERS),
    %% Cohorts are read before the totals: every call adds to the total first, so the totals read after are at
    %% least as large, and the clamps below only bite on the rare increment split across two intervals.
    Rows = ets:tab2list(?TABLE),
    %% Rows are per scheduler: add them up per cohort and per error code, remembering which rows made each sum.
    CohortRows = lists:sort(maps:to_list(lists:foldl(
        fun(Row, Acc) when element(1, element(1, Row)) =:= cohort ->
                {cohort, Flag, Variant, _} = element(1, Row),
                Key = {cohort, Flag, Variant},
                Values = tl(tuple_to_list(Row)),
                maps:update_with(Key, fun({Sum, Parts}) -> {lists:zipwith(fun erlang:'+'/2, Sum, Values),
                                                             [{element(1, Row), Values} | Parts]} end,
                                 {Values, [{element(1, Row), Values}]}, Acc);
           (_, Acc) -> Acc
        end, #{}, Rows))),
    ErrorSums = maps:to_list(lists:foldl(
        fun({{error, Category, Code, _} = Key, N}, Acc) when N > 0 ->
                maps:update_with({Category, Code}, fun({Sum, Keys}) -> {Sum + N, [{Key, N} | Keys]} end,
                                 {N, [{Key, N}]}, Acc);
           (_, Acc) -> Acc
        end, #{}, Rows)),
    ErrorRows = lists:reverse(lists:keysort(2, [{Code, N, Keys} || {Code, {N, Keys}} <- ErrorSums])),
    [Requests, Sent, Delivered0, Attempted, Succeeded0, RtCount, RtSumUs, Restarts] =
        [counters:get(Ref, I) || I <- lists:seq(1, ?N_COUNTERS)],
    Delivered = min(Delivered0, Sent),
    Succeeded = min(Succeeded0, Attempted),
    {Errors, _Later} = lists:split(min(?MAX_ERROR_CODES, length(ErrorRows)), ErrorRows),
    ErrorTotal = lists:sum([N || {_, N, _} <- Errors]),
    Totals = #{?C_REQUESTS => Requests, ?C_ERRORS => ErrorTotal, ?C_SENT => Sent, ?C_DELIVERED => Delivered,
               ?C_ATTEMPTED => Attempted, ?C_SUCCEEDED => Succeeded},
    Chosen = lists:sublist(CohortRows, ?MAX_COHORTS),
    Cohorts = clamp_cohorts([list_to_tuple([Key | Sum]) || {Key, {Sum, _}} <- Chosen], Totals),
    %% Subtract exactly what is reported.
    [counters:sub(Ref, I, V) || {I, V} <- [{?I_REQUESTS, Requests}, {?I_SENT, Sent}, {?I_DELIVERED, Delivered},
                                           {?I_ATTEMPTED, Attempted}, {?I_SUCCEEDED, Succeeded},
                                           {?I_RT_COUNT, RtCount}, {?I_RT_SUM_US, RtSumUs},
                                           {?I_RESTARTS, Restarts}], V > 0],
    [ets:update_counter(?TABLE, Key, -N) || {_, _, Keys} <- Errors, {Key, N} <- Keys],
    Parts = maps:from_list([{Key, P} || {Key, {_, P}} <- Chosen]),
    [subtract_spread(Ops, maps:get(Key, Parts)) || {Key, Ops} <- Cohorts],
    %% Rows back at zero go (atomically per row: an increment in between keeps its row).
    ets:match_delete(?TABLE, {'_', 0}),
    ets:match_delete(?TABLE, ?COHORT_ROW('_')),
    Report = #{requests => Requests,
               errors => [#{category => text(Category, 64), code => text(Code, 128), count => N}
                          || {{Category, Code}, N, _} <- Errors],
               messages => #{sent => Sent, delivered => Delivered},
               recoveries => #{attempted => Attempted, succeeded => Succeeded},
               responseTime => #{sumMs => RtSumUs / 1000, count => RtCount},
               restarts => Restarts},
    case [cohort_item(Key, Ops) || {Key, Ops} <- Cohorts, lists:any(fun({_, V}) -> V > 0 end, Ops)] of
        [] -> Report;
        Items -> Report#{cohorts => Items}
    end.

%% Takes a reported cohort's values off the per-scheduler rows it was summed from, each row giving what it has.
subtract_spread(Ops, Parts) ->
    lists:foldl(
        fun({Pos, V}, _) when V > 0 ->
                lists:foldl(fun({Key, Values}, Left) when Left > 0 ->
                                    Take = min(Left, lists:nth(Pos - 1, Values)),
                                    Take > 0 andalso ets:update_counter(?TABLE, Key, {Pos, -Take}),
                                    Left - Take;
                               (_, Left) -> Left
                            end, V, Parts);
           (_, Acc) -> Acc
        end, ok, Ops).

%% Per flag, the on and off cohorts together never exceed the totals; within a cohort, delivered never exceeds
%% sent and succeeded never exceeds attempted. Returns [{Key, [{Position, Value}]}] of what will be reported.
clamp_cohorts(Rows, Totals) ->
    {Result, _} = lists:foldl(
        fun(Row, {Acc, Left}) ->
            {cohort, Flag, _} = element(1, Row),
            Remaining = maps:get(Flag, Left, Totals),
            Take = fun(Pos, Max) -> min(element(Pos, Row), Max) end,
            Req = Take(?C_REQUESTS, maps:get(?C_REQUESTS, Remaining)),
            Err = Take(?C_ERRORS, maps:get(?C_ERRORS, Remaining)),
            Sent = Take(?C_SENT, maps:get(?C_SENT, Remaining)),
            Del = Take(?C_DELIVERED, min(Sent, maps:get(?C_DELIVERED, Remaining))),
            Att = Take(?C_ATTEMPTED, maps:get(?C_ATTEMPTED, Remaining)),
            Suc = Take(?C_SUCCEEDED, min(Att, maps:get(?C_SUCCEEDED, Remaining))),
            Counts = [{?C_REQUESTS, Req}, {?C_ERRORS, Err}, {?C_SENT, Sent}, {?C_DELIVERED, Del},
                      {?C_ATTEMPTED, Att}, {?C_SUCCEEDED, Suc}],
            Response = [{Pos, element(Pos, Row)}
                        || Pos <- lists:seq(?C_RT_COUNT, ?C_BUCKETS + ?N_BUCKETS - 1)],
            Left1 = Left#{Flag => maps:map(fun(Pos, V) -> V - proplists:get_value(Pos, Counts) end, Remaining)},
            {[{element(1, Row), Counts ++ Response} | Acc], Left1}
        end, {[], #{}}, Rows),
    lists:reverse(Result).

cohort_item({cohort, Flag, Variant}, Ops) ->
    V = fun(Pos) -> proplists:get_value(Pos, Ops) end,
    #{flag => text(Flag, 255), variant => Variant,
      requests => V(?C_REQUESTS), errors => V(?C_ERRORS),
      messages => #{sent => V(?C_SENT), delivered => V(?C_DELIVERED)},
      recoveries => #{attempted => V(?C_ATTEMPTED), succeeded => V(?C_SUCCEEDED)},
      responseTime => #{buckets => [#{leMs => Le, count => V(?C_BUCKETS + I)}
                                    || {I, Le} <- lists:zip(lists:seq(0, ?N_BUCKETS - 1), ?BUCKET_BOUNDS)]}}.

text(A, Max) when is_atom(A) -> text(atom_to_binary(A, utf8), Max);
text(B, Max) when is_binary(B), byte_size(B) =< Max -> B;
text(L, Max) when is_list(L) ->
    case unicode:characters_to_binary(L) of
        B when is_binary(B) -> text(B, Max);
        _ -> text(io_lib:format("~0tp", [L]), Max)
    end;
text(B, Max) when is_binary(B) -> unicode:characters_to_binary(string:slice(B, 0, Max));
text(Other, Max) -> text(unicode:characters_to_binary(io_lib:format("~0tp", [Other])), Max).
