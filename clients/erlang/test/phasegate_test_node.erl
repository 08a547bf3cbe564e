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
    #{pending := #{restarts := R}, dropped := D, consecutive_failures := F} = phasegate_outbox:stats(),
    io_lib:format("pending ~b failures ~b dropped ~b", [R, F, lists:sum(maps:values(D))]);
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
