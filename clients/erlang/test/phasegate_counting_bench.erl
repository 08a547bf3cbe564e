%% Calls per second of the counting API (phasegate) beside the bare primitives it is built on, in the same run:
%% an ets:update_counter loop on a write_concurrency table (the baseline) and a counters:add loop.
%% Run with `erl +S 1 -noshell -pa ebin -eval 'phasegate_counting_bench:main(1)'` (bench/counting-api.ts does):
%% Procs processes call at once, each N times; the rate is all calls over the wall time. (Two schedulers and two
%% callers hung this harness on the loaded VM, cause not found; the benchmark reports one scheduler.)
-module(phasegate_counting_bench).
-export([main/1]).

-define(N, 2000000).

main(Procs) ->
    application:load(phasegate),
    application:set_env(phasegate, interval_seconds, 3600),
    {ok, _} = phasegate_metrics:start_link(),
    ets:new(phasegate_flags, [named_table, public, set, {read_concurrency, true}]),
    ets:insert(phasegate_flags, {bench_flag, 10}),
    Bare = ets:new(bench_bare, [public, set, {write_concurrency, true}, {decentralized_counters, true}]),
    ets:insert(Bare, {requests, 0}),
    Ctr = counters:new(1, [write_concurrency]),
    Cases = [{bareEtsUpdateCounter, fun() -> ets:update_counter(Bare, requests, 1) end},
             {bareCountersAdd, fun() -> counters:add(Ctr, 1, 1) end},
             {countRequest, fun() -> phasegate:count_request() end},
             {countRequestWithCohort, fun() -> phasegate:count_request([{bench_flag, on}]) end},
             {recordRequest, fun() -> phasegate:record_request(#{ms => 12}) end},
             {recordRequestWithCohort, fun() -> phasegate:record_request(#{ms => 12, cohorts => [{bench_flag, off}]}) end},
             {cohortAndRecord, fun() -> phasegate:record_request(
                                          #{ms => 12, cohorts => phasegate_flags:cohorts([bench_flag], 4711)}) end}],
    %% Warm-up of every case, then the measured pass.
    [rate(F, Procs, ?N div 10) || {_, F} <- Cases],
    Rates = [{Name, rate(F, Procs, ?N)} || {Name, F} <- Cases],
    io:format("{\"schedulers\":~b,\"processes\":~b,\"callsPerProcess\":~b,~ts}~n",
              [erlang:system_info(schedulers_online), Procs, ?N,
               lists:join(",", [io_lib:format("\"~s\":~b", [Name, R]) || {Name, R} <- Rates])]),
    halt(0).

rate(Fun, Procs, N) ->
    Parent = self(),
    {Micros, _} = timer:tc(fun() ->
        Pids = [spawn_link(fun() -> loop(Fun, N), Parent ! {done, self()} end) || _ <- lists:seq(1, Procs)],
        [receive {done, P} -> ok end || P <- Pids]
    end),
    round(Procs * N * 1000000 / max(1, Micros)).

loop(_Fun, 0) -> ok;
loop(Fun, N) -> Fun(), loop(Fun, N - 1).
