%% Counts supervisor restarts from the logger's supervisor reports (`child_terminated`, domain [otp, sasl]).
%% It is a PRIMARY filter placed first in the list, not a handler: on an Elixir node with Logger's defaults
%% (handle_sasl_reports: false) those reports are dropped before any handler sees them, by Logger's own handler
%% (Elixir 1.14) or by a primary filter (later Elixir). Running first, this filter sees every report, tells the
%% reporter, and returns `ignore` so the remaining filters and handlers decide exactly as before.
%% It runs in the supervisor's own process: it only sends a message, and never raises (logger removes a filter
%% that crashes).
-module(phasegate_restart_filter).
-export([install/0, uninstall/0, installed_first/0, filter/2]).

-define(ID, phasegate_restarts).

install() ->
    #{filters := Filters} = logger:get_primary_config(),
    Others = [F || {Id, _} = F <- Filters, Id =/= ?ID],
    logger:set_primary_config(filters, [{?ID, {fun ?MODULE:filter/2, phasegate_reporter}} | Others]).

uninstall() -> logger:remove_primary_filter(?ID).

%% Another application may have replaced the primary filters after us (Elixir's Logger starting later).
installed_first() ->
    case logger:get_primary_config() of
        #{filters := [{?ID, _} | _]} -> true;
        _ -> false
    end.

filter(#{msg := {report, #{label := {supervisor, child_terminated}, report := Report}}}, Reporter) ->
    notify(Report, Reporter),
    ignore;
filter(#{msg := {report, #{errorContext := child_terminated} = Report}}, Reporter) ->
    notify(Report, Reporter),
    ignore;
filter(_Event, _Reporter) -> ignore.

%% OTP's supervisor sends the report as a proplist ([{supervisor, _}, {errorContext, _}, {reason, _}, ...]).
notify(Report, Reporter) when is_list(Report) -> notify(maps:from_list(Report), Reporter);
notify(Report, Reporter) ->
    try
        Supervisor = supervisor_key(maps:get(supervisor, Report, undefined)),
        Offender = maps:get(offender, Report, []),
        ChildId = proplists:get_value(id, Offender, undefined),
        Reason = maps:get(reason, Report, undefined),
        Reporter ! {phasegate_restart, Supervisor, ChildId, Reason, os:system_time(millisecond)}
    catch
        _:_ -> ok
    end.

%% How Phasegate names a supervisor: its registered name, else its pid (this filter runs in the supervisor).
supervisor_key({local, Name}) -> atom_to_binary(Name, utf8);
supervisor_key(Name) when is_atom(Name), Name =/= undefined -> atom_to_binary(Name, utf8);
supervisor_key(_) ->
    case erlang:process_info(self(), registered_name) of
        {registered_name, Name} -> atom_to_binary(Name, utf8);
        _ -> list_to_binary(pid_to_list(self()))
    end.
