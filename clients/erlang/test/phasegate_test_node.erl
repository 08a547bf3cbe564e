%% Drives a real node from a test over stdin: one command per line, one answer line per command ("=> ...").
-module(phasegate_test_node).
-export([main/0]).

main() ->
    loop().

loop() ->
    case io:get_line("") of
        eof -> halt(0);
        Line ->
            %% Elixir puts standard_io in binary mode: lines may arrive as binaries.
            Answer = try command(string:lexemes(string:trim(unicode:characters_to_list(Line)), " "))
                     catch Class:Reason -> io_lib:format("error ~p:~p", [Class, Reason])
                     end,
            io:format("=> ~ts~n", [Answer]),
            loop()
    end.

command(["kill", Name]) ->
    Old = whereis(list_to_atom(Name)),
    exit(Old, kill),
    wait_new(list_to_atom(Name), Old, 500),
    "ok";
command(["stats"]) ->
    io_lib:format("~0p", [phasegate_outbox:stats()]);
command(["snapshot"]) ->
    phasegate_reporter:snapshot_now(), "ok";
command(["outbox"]) ->
    #{pending := #{restarts := R, reports := P}, dropped := D, consecutive_failures := F, bytes := B} =
        phasegate_outbox:stats(),
    io_lib:format("pending ~b failures ~b dropped ~b reports ~b bytes ~b", [R, F, lists:sum(maps:values(D)), P, B]);
%% N padded reports of about 1 KB each, numbered, straight into the outbox (to fill its memory bound).
command(["stuff", N]) ->
    [phasegate_outbox:add_report(#{node => <<"stuffed">>, seq => I, padding => binary:copy(<<"x">>, 1000)})
     || I <- lists:seq(1, list_to_integer(N))],
    "ok";
%% Traffic through the counting API: Requests requests of Ms each, Errors of them failed; messages and recoveries.
command(["traffic", Requests, Errors, Sent, Delivered, Attempted, Succeeded, Ms]) ->
    [N, E, S, D, A, Su, T] = [list_to_integer(X) || X <- [Requests, Errors, Sent, Delivered, Attempted, Succeeded, Ms]],
    [phasegate:record_request(#{ms => T}) || _ <- lists:seq(1, N - E)],
    [phasegate:record_request(#{ms => T, error => {infrastructure, database_timeout}}) || _ <- lists:seq(1, E)],
    [phasegate:message_sent() || _ <- lists:seq(1, S)],
    [phasegate:message_delivered() || _ <- lists:seq(1, D)],
    [phasegate:recovery_attempted() || _ <- lists:seq(1, A)],
    [phasegate:recovery_succeeded() || _ <- lists:seq(1, Su)],
    "ok";
%% Writes Flag's cohort (on/off) for every id in File to Out, one per line.
command(["cohort", Flag, File, Out]) ->
    {ok, Terms} = file:consult(File),
    F = list_to_atom(Flag),
    ok = file:write_file(Out, [[atom_to_list(phasegate_flags:cohort(F, eval_term(T))), "\n"] || T <- Terms]),
    integer_to_list(length(Terms));
%% One request per id in File, labelled with the id's cohort of Flag; the canary (on) fails every one of its
%% requests, with a 40 ms response against 10 ms for the control.
command(["cohort_traffic", Flag, File]) ->
    {ok, Terms} = file:consult(File),
    F = list_to_atom(Flag),
    lists:foreach(fun(T) ->
                          Cohorts = phasegate_flags:cohorts([F], eval_term(T)),
                          phasegate:record_request(case Cohorts of
                              [{_, on}] -> #{ms => 40, error => {application, canary_failure}, cohorts => Cohorts};
                              [{_, off}] -> #{ms => 10, cohorts => Cohorts}
                          end)
                  end, Terms),
    integer_to_list(length(Terms));
%% The clients' own processes under phasegate_sup, and whether the host's tree is still up.
command(["clients"]) ->
    Children = lists:sort([{Id, Pid} || {Id, Pid, _, _} <- supervisor:which_children(phasegate_sup)]),
    io_lib:format("~0p host ~p", [Children, is_pid(whereis(sample_root_sup))]);
command(["enabled_for_id", Flag, Id]) ->
    atom_to_list(phasegate_flags:enabled_for_id(list_to_atom(Flag), list_to_integer(Id)));
command(["held"]) ->
    io_lib:format("~p", [phasegate_flags:held_version()]);
command(["lookup", Flag]) ->
    io_lib:format("~p", [ets:lookup(phasegate_flags, list_to_atom(Flag))]);
%% Evaluates Flag for every id in File (Erlang terms, one per line, "." terminated) and writes 1/0 lines to Out.
command(["eval", Flag, File, Out]) ->
    {ok, Terms} = file:consult(File),
    Ids = [eval_term(T) || T <- Terms],
    F = list_to_atom(Flag),
    ok = file:write_file(Out, [case phasegate_flags:enabled_for_id(F, Id) of true -> "1\n"; false -> "0\n" end
                               || Id <- Ids]),
    integer_to_list(length(Ids));
command(["bench", Flag, N]) ->
    phasegate_bench:run(list_to_atom(Flag), list_to_integer(N)).

%% Ids arrive in ASCII: integers as they are, {a, CodePoints} for atoms, {b, CodePoints} for UTF-8 binaries.
eval_term({a, CodePoints}) -> list_to_atom(CodePoints);
eval_term({b, CodePoints}) -> unicode:characters_to_binary(CodePoints);
eval_term(I) when is_integer(I) -> I.

wait_new(_Name, _Old, 0) -> timeout;
wait_new(Name, Old, N) ->
    case whereis(Name) of
        New when is_pid(New), New =/= Old -> ok;
        _ -> timer:sleep(2), wait_new(Name, Old, N - 1)
    end.
