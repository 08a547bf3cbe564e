%% Evaluations per second of the flag client on one scheduler, beside the bare ETS lookup it is built on.
%% Run with `erl +S 1 -noshell -pa ebin -eval 'phasegate_bench:main()'` (bench/flag-client.ts does).
-module(phasegate_bench).
-export([main/0, run/2]).

main() ->
    ets:info(phasegate_flags) =:= undefined andalso
        ets:new(phasegate_flags, [named_table, public, set, {read_concurrency, true}]),
    ets:insert(phasegate_flags, [{bench_percentage, 37}, {bench_on, on}]),
    io:format("~ts~n", [run(bench_percentage, 5000000)]),
    halt(0).

run(Flag, N) ->
    %% A warm-up pass of every loop first, so the first measured loop does not pay for it.
    [L(F, N div 10) || {L, F} <- [{fun loop_lookup/2, Flag}, {fun loop_hash/2, Flag}, {fun loop_enabled/2, bench_on},
                                  {fun loop_for_id/2, Flag}]],
    Bare = rate(N, fun() -> loop_lookup(Flag, N) end),
    Hash = rate(N, fun() -> loop_hash(Flag, N) end),
    On = rate(N, fun() -> loop_enabled(bench_on, N) end),
    Split = rate(N, fun() -> loop_for_id(Flag, N) end),
    io_lib:format("{\"schedulers\":~b,\"n\":~b,\"bareLookupPerSec\":~b,\"phash2PerSec\":~b,"
                  "\"enabledPerSec\":~b,\"enabledForIdPerSec\":~b}",
                  [erlang:system_info(schedulers_online), N, Bare, Hash, On, Split]).

rate(N, Fun) ->
    {Micros, _} = timer:tc(Fun),
    round(N * 1000000 / max(1, Micros)).

loop_lookup(_Flag, 0) -> ok;
loop_lookup(Flag, N) -> _ = ets:lookup_element(phasegate_flags, Flag, 2), loop_lookup(Flag, N - 1).

loop_hash(_Flag, 0) -> ok;
loop_hash(Flag, N) -> _ = erlang:phash2({Flag, N}, 100), loop_hash(Flag, N - 1).

loop_enabled(_Flag, 0) -> ok;
loop_enabled(Flag, N) -> _ = phasegate_flags:enabled(Flag), loop_enabled(Flag, N - 1).

loop_for_id(_Flag, 0) -> ok;
loop_for_id(Flag, N) -> _ = phasegate_flags:enabled_for_id(Flag, N), loop_for_id(Flag, N - 1).
