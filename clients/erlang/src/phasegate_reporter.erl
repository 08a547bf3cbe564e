%% Walks the supervision trees from the configured roots and hands snapshots and restart events to the outbox; each
%% restart is also counted for the interval reports (phasegate_metrics). which_children and sys:get_state are calls
%% with an infinite timeout by default; here every one is bounded (call_timeout_ms), and only processes that are
%% supervisors (by their initial call) are asked.
-module(phasegate_reporter).
-behaviour(gen_server).
-export([start_link/0, node_name/0, snapshot_now/0, restart_counts/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
-export([walk/1]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

node_name() ->
    case phasegate_config:get(node_name) of
        undefined -> atom_to_binary(node(), utf8);
        Name -> iolist_to_binary(Name)
    end.

snapshot_now() -> gen_server:cast(?MODULE, snapshot).

%% #{SupervisorKey => restarts since the reporter started}
restart_counts() -> gen_server:call(?MODULE, restart_counts, 5000).

init([]) ->
    process_flag(trap_exit, true),
    ok = phasegate_restart_filter:install(),
    Boot = integer_to_binary(os:system_time(microsecond), 36),
    erlang:send_after(0, self(), snapshot),
    {ok, #{boot => Boot, seq => 0, by_supervisor => #{}, by_child => #{}}}.

handle_call(restart_counts, _From, S) -> {reply, maps:get(by_supervisor, S), S}.

handle_cast(snapshot, S) -> {noreply, take_snapshot(S)}.

handle_info(snapshot, S) ->
    %% Someone may have replaced the primary filters since (e.g. Elixir's Logger started after us): go first again.
    phasegate_restart_filter:installed_first() orelse phasegate_restart_filter:install(),
    S1 = take_snapshot(S),
    erlang:send_after(phasegate_config:get(snapshot_interval_ms), self(), snapshot),
    {noreply, S1};
handle_info({phasegate_restart, Sup, ChildId, Reason, AtMs}, S) ->
    #{boot := Boot, seq := Seq, by_supervisor := BySup, by_child := ByChild} = S,
    Child = text(ChildId),
    Event = #{id => <<Boot/binary, "-", (integer_to_binary(Seq))/binary>>,
              supervisor => Sup, childId => Child, reason => reason_text(Reason),
              at => iso8601(AtMs)},
    phasegate_outbox:add_restart(Event),
    phasegate_metrics:count_restart(),
    {noreply, S#{seq := Seq + 1,
                 by_supervisor := maps:update_with(Sup, fun(V) -> V + 1 end, 1, BySup),
                 by_child := maps:update_with({Sup, Child}, fun(V) -> V + 1 end, 1, ByChild)}};
handle_info(_Other, S) -> {noreply, S}.

terminate(_Reason, _S) -> phasegate_restart_filter:uninstall().

take_snapshot(S) ->
    Started = erlang:monotonic_time(millisecond),
    Processes = walk(S),
    Snapshot = #{node => node_name(), takenAt => iso8601(os:system_time(millisecond)),
                 durationMs => erlang:monotonic_time(millisecond) - Started, processes => Processes},
    phasegate_outbox:put_snapshot(Snapshot),
    S.

%% The flat process list Phasegate takes: each entry names its parent's pid.
walk(S) ->
    Max = phasegate_config:get(max_processes),
    Roots = [R || R <- [resolve(Root) || Root <- phasegate_config:get(roots)], R =/= undefined],
    {Acc, _} = lists:foldl(fun({Pid, Id}, {Acc0, Budget}) -> visit(Pid, Id, null, undefined, S, Acc0, Budget) end,
                           {[], Max}, [{P, text(root_id(Root))} || {P, Root} <- Roots]),
    lists:reverse(Acc).

resolve(Name) when is_atom(Name) -> case whereis(Name) of undefined -> undefined; Pid -> {Pid, Name} end;
resolve(Pid) when is_pid(Pid) -> case is_process_alive(Pid) of true -> {Pid, Pid}; false -> undefined end;
resolve(_) -> undefined.

root_id(Name) when is_atom(Name) -> Name;
root_id(Pid) -> list_to_binary(pid_to_list(Pid)).

visit(_Pid, _Id, _Parent, _Modules, _S, Acc, 0) -> {Acc, 0};
visit(Pid, Id, Parent, Modules, S, Acc, Budget) ->
    Info = erlang:process_info(Pid, [registered_name, message_queue_len, memory, reductions, dictionary]),
    case Info of
        undefined -> {Acc, Budget};
        _ ->
            Name = case proplists:get_value(registered_name, Info) of [] -> null; N -> atom_to_binary(N, utf8) end,
            Kind = supervisor_kind(proplists:get_value(dictionary, Info)),
            Base = #{pid => list_to_binary(pid_to_list(Pid)), parent => parent_pid(Parent), id => Id, name => Name,
                     messageQueueLen => proplists:get_value(message_queue_len, Info),
                     memory => proplists:get_value(memory, Info),
                     reductions => proplists:get_value(reductions, Info)},
            Key = case Name of null -> list_to_binary(pid_to_list(Pid)); _ -> Name end,
            case Kind =/= none andalso walkable(Kind, Pid) of
                {ok, Children, {Strategy, Intensity, Period, Module}} ->
                    Entry = Base#{type => supervisor, module => module_text(Module, Modules),
                                  strategy => Strategy, intensity => Intensity, period => Period,
                                  children => length(Children),
                                  restarts => maps:get(Key, maps:get(by_supervisor, S), 0)},
                    lists:foldl(
                      fun({ChildId, ChildPid, ChildType, ChildModules}, {A, B}) when is_pid(ChildPid) ->
                              ChildText = text(ChildId),
                              case ChildType of
                                  supervisor -> visit(ChildPid, ChildText, Entry, ChildModules, S, A, B);
                                  _ -> worker(ChildPid, ChildText, Entry, ChildModules, Key, S, A, B)
                              end;
                         (_NotRunning, AB) -> AB
                      end, {[Entry | Acc], Budget - 1}, Children);
                _ ->
                    %% Not a supervisor after all, or too busy to answer in time: shown as a worker, not walked.
                    {[worker_entry(Base, Modules, 0) | Acc], Budget - 1}
            end
    end.

worker(_Pid, _Id, _Parent, _Modules, _SupKey, _S, Acc, 0) -> {Acc, 0};
worker(Pid, Id, Parent, Modules, SupKey, S, Acc, Budget) ->
    case erlang:process_info(Pid, [registered_name, message_queue_len, memory, reductions]) of
        undefined -> {Acc, Budget};
        Info ->
            Name = case proplists:get_value(registered_name, Info) of [] -> null; N -> atom_to_binary(N, utf8) end,
            Base = #{pid => list_to_binary(pid_to_list(Pid)), parent => maps:get(pid, Parent), id => Id, name => Name,
                     messageQueueLen => proplists:get_value(message_queue_len, Info),
                     memory => proplists:get_value(memory, Info),
                     reductions => proplists:get_value(reductions, Info)},
            Restarts = maps:get({SupKey, Id}, maps:get(by_child, S), 0),
            {[worker_entry(Base, Modules, Restarts) | Acc], Budget - 1}
    end.

worker_entry(Base = #{parent := Parent}, Modules, Restarts) ->
    Base#{parent => parent_pid(Parent), type => worker, module => module_text(undefined, Modules),
          strategy => null, intensity => null, period => null, children => 0, restarts => Restarts}.

parent_pid(null) -> null;
parent_pid(#{pid := Pid}) -> Pid;
parent_pid(Pid) when is_binary(Pid) -> Pid.

%% Which kind of supervisor a process is, from the initial call proc_lib recorded: never guess from a name.
supervisor_kind(Dictionary) ->
    case proplists:get_value('$initial_call', Dictionary) of
        {supervisor, _, _} -> otp;
        {'Elixir.DynamicSupervisor', _, _} -> dynamic;
        _ -> none
    end.

%% supervisor:which_children/1 waits forever; this waits call_timeout_ms, and a late answer is discarded.
bounded_children(Pid) ->
    try gen_server:call(Pid, which_children, phasegate_config:get(call_timeout_ms)) of
        Children when is_list(Children) -> {ok, Children};
        _ -> error
    catch
        exit:_ -> error
    end.

walkable(Kind, Pid) ->
    case bounded_children(Pid) of
        {ok, Children} ->
            case supervisor_flags(Kind, Pid) of
                {ok, Flags} -> {ok, Children, Flags};
                error -> error
            end;
        error -> error
    end.

supervisor_flags(Kind, Pid) ->
    try sys:get_state(Pid, phasegate_config:get(call_timeout_ms)) of
        %% supervisor's #state{name, strategy, children, dynamics, intensity, period, restarts, dynamic_restarts,
        %% auto_shutdown, module, args} (OTP 25)
        State when Kind =:= otp, is_tuple(State), element(1, State) =:= state ->
            {ok, {element(3, State), element(6, State), element(7, State), element(11, State)}};
        #{strategy := Strategy, max_restarts := Intensity, max_seconds := Period, mod := Mod} when Kind =:= dynamic ->
            {ok, {Strategy, Intensity, Period, Mod}};
        _ -> error
    catch
        _:_ -> error
    end.

module_text(Module, _) when is_atom(Module), Module =/= undefined -> atom_to_binary(Module, utf8);
module_text(_, [Module | _]) when is_atom(Module) -> atom_to_binary(Module, utf8);
module_text(_, _) -> null.

text(Term) when is_binary(Term) -> Term;
text(Term) when is_atom(Term) -> atom_to_binary(Term, utf8);
text(Term) -> truncate(unicode:characters_to_binary(io_lib:format("~0tp", [Term])), 255).

reason_text(Reason) -> truncate(unicode:characters_to_binary(io_lib:format("~0tP", [Reason, 30])), 1000).

%% By characters, so a cut never splits a UTF-8 sequence.
truncate(Bin, Max) when byte_size(Bin) =< Max -> Bin;
truncate(Bin, Max) -> unicode:characters_to_binary(string:slice(Bin, 0, Max)).

iso8601(Ms) -> list_to_binary(calendar:system_time_to_rfc3339(Ms, [{unit, millisecond}, {offset, "Z"}])).
