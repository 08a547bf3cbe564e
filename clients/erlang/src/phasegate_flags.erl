%% The flag client: Phasegate's bulk OFREP answer kept in ETS, so enabled/1 and enabled_for_id/2 are an ETS lookup
%% and, for percentage flags, erlang:phash2({Flag, Id}, 100) < Percentage: the same rule Phasegate evaluates, with
%% no network call per evaluation. Refreshed when the OFREP event stream says so (refetchEvaluation), and by
%% polling as the fallback; each fetch sends If-None-Match, so an unchanged flag set costs a 304. Phasegate being
%% slow, down, or answering garbage leaves the last good flags in place and never crashes the host.
-module(phasegate_flags).
-behaviour(gen_server).
-export([start_link/0, enabled/1, enabled_for_id/2, cohort/2, cohorts/2, held_version/0, refresh/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(TABLE, phasegate_flags).
-define(VERSION_KEY, '$phasegate_flag_set').
-define(EVALUATE_PATH, "/ofrep/v1/evaluate/flags").
-define(EVENTS_PATH, "/ofrep/v1/events").
-define(SYNC_PATH, "/api/v1/ingest/flag-sync").
%% The bulk answer is per subject; this fixed one makes percentage flags carry their percentage in metadata.
-define(CONTEXT, #{context => #{targetingKey => <<"phasegate-flag-client">>}}).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

%% true only when the flag is on (a percentage flag is not globally enabled). Unknown flag: false.
enabled(Flag) when is_atom(Flag) ->
    try ets:lookup_element(?TABLE, Flag, 2) of
        on -> true;
        _ -> false
    catch error:badarg -> false
    end;
enabled(Flag) when is_binary(Flag) -> with_atom(Flag, fun enabled/1).

enabled_for_id(Flag, Id) when is_atom(Flag) ->
    try ets:lookup_element(?TABLE, Flag, 2) of
        on -> true;
        off -> false;
        Percentage -> erlang:phash2({Flag, Id}, 100) < Percentage
    catch error:badarg -> false
    end;
enabled_for_id(Flag, Id) when is_binary(Flag) -> with_atom(Flag, fun(F) -> enabled_for_id(F, Id) end).

%% Which cohort of Flag an id is in: on (the canary) or off (the control), by exactly the evaluation of
%% enabled_for_id/2, so the labels the counting API sends match what the id was served and what Phasegate computes.
cohort(Flag, Id) ->
    case enabled_for_id(Flag, Id) of
        true -> on;
        false -> off
    end.

%% The counting API's cohort label list for one id: [{Flag, on | off}] for each of Flags.
cohorts(Flags, Id) -> [{Flag, cohort(Flag, Id)} || Flag <- Flags].

%% Flags are atoms on the node; a binary naming no existing atom names no flag we hold.
with_atom(Flag, Fun) ->
    try Fun(binary_to_existing_atom(Flag, utf8))
    catch error:badarg -> false
    end.

%% The flag-set version (ETag) the node holds, or undefined before the first successful fetch.
held_version() ->
    try ets:lookup_element(?TABLE, ?VERSION_KEY, 2)
    catch error:badarg -> undefined
    end.

refresh() -> gen_server:cast(?MODULE, fetch).

init([]) ->
    ets:new(?TABLE, [named_table, protected, set, {read_concurrency, true}]),
    self() ! fetch,
    self() ! connect,
    schedule_poll(),
    {ok, #{etag => undefined, stream => undefined, buffer => <<>>, stream_failures => 0}}.

handle_call(_Request, _From, S) -> {reply, ok, S}.

handle_cast(fetch, S) -> {noreply, fetch(S)}.

handle_info(fetch, S) -> {noreply, fetch(S)};
handle_info(poll, S) ->
    schedule_poll(),
    {noreply, fetch(S)};
handle_info(connect, S) -> {noreply, connect(S)};
handle_info({http, {Ref, stream_start, _Headers}}, S = #{stream := Ref}) ->
    %% Changes made while we were not listening are not replayed: fetch once now.
    {noreply, fetch(S#{stream_failures := 0})};
handle_info({http, {Ref, stream, Chunk}}, S = #{stream := Ref, buffer := Buffer}) ->
    {Events, Rest} = sse_events(<<Buffer/binary, Chunk/binary>>),
    S1 = S#{buffer := Rest},
    case lists:any(fun is_refetch/1, Events) of
        true -> {noreply, fetch(S1)};
        false -> {noreply, S1}
    end;
handle_info({http, {Ref, _Ended}}, S = #{stream := Ref}) -> {noreply, reconnect_later(S)};
handle_info({http, {Ref, stream_end, _}}, S = #{stream := Ref}) -> {noreply, reconnect_later(S)};
handle_info(_Other, S) -> {noreply, S}.

schedule_poll() -> erlang:send_after(phasegate_config:get(flag_poll_ms), self(), poll).

connect(S) ->
    case phasegate_config:get(flag_stream) of
        false -> S;
        true ->
            Request = {phasegate_http:url(?EVENTS_PATH),
                       [{"accept", "text/event-stream"} | phasegate_http:auth_headers()]},
            try httpc:request(get, Request, [{connect_timeout, phasegate_config:get(request_timeout_ms)}],
                              [{sync, false}, {stream, self}, {body_format, binary}], phasegate_stream) of
                {ok, Ref} -> S#{stream := Ref, buffer := <<>>};
                _ -> reconnect_later(S)
            catch
                _:_ -> reconnect_later(S)
            end
    end.

reconnect_later(S = #{stream_failures := F}) ->
    Delay = min(phasegate_config:get(backoff_max_ms), 100 * (1 bsl min(F, 16))),
    erlang:send_after(Delay + rand:uniform(max(1, Delay div 4)), self(), connect),
    S#{stream := undefined, buffer := <<>>, stream_failures := F + 1}.

%% Server-sent events are separated by a blank line; returns the complete ones' data and the incomplete rest.
sse_events(Buffer) ->
    Parts = binary:split(binary:replace(Buffer, <<"\r\n">>, <<"\n">>, [global]), <<"\n\n">>, [global]),
    {Complete, [Rest]} = lists:split(length(Parts) - 1, Parts),
    {[data_of(Event) || Event <- Complete], Rest}.

data_of(Event) ->
    iolist_to_binary([Data || <<"data:", Data/binary>> <- binary:split(Event, <<"\n">>, [global])]).

is_refetch(Data) ->
    case phasegate_json:decode(string:trim(Data)) of
        {ok, #{<<"type">> := <<"refetchEvaluation">>}} -> true;
        _ -> false
    end.

fetch(S = #{etag := Etag}) ->
    Headers = case Etag of undefined -> []; _ -> [{"if-none-match", binary_to_list(Etag)}] end,
    case phasegate_http:post_json(?EVALUATE_PATH, ?CONTEXT, phasegate_config:get(request_timeout_ms), Headers) of
        {ok, 200, RespHeaders, Body} ->
            case phasegate_json:decode(Body) of
                {ok, #{<<"flags">> := Flags}} when is_list(Flags) ->
                    NewEtag = header(RespHeaders, "etag"),
                    store(Flags, flag_set_version(NewEtag)),
                    report_held(flag_set_version(NewEtag)),
                    S#{etag := NewEtag};
                _ -> S
            end;
        {ok, 304, _, _} -> S;
        _ -> S
    end.

store(Flags, Version) ->
    Rows = lists:filtermap(fun row/1, Flags),
    Keep = maps:from_list([{Key, true} || {Key, _} <- Rows]),
    ets:insert(?TABLE, Rows),
    [ets:delete(?TABLE, Key) || {Key, _} <- ets:tab2list(?TABLE), Key =/= ?VERSION_KEY, not maps:is_key(Key, Keep)],
    ets:insert(?TABLE, {?VERSION_KEY, Version}).

%% on -> STATIC, off -> DISABLED, percentage -> SPLIT with metadata.percentage. Anything else is skipped.
row(#{<<"key">> := Key, <<"reason">> := <<"STATIC">>, <<"value">> := true}) when is_binary(Key) ->
    {true, {binary_to_atom(Key, utf8), on}};
row(#{<<"key">> := Key, <<"reason">> := <<"DISABLED">>}) when is_binary(Key) ->
    {true, {binary_to_atom(Key, utf8), off}};
row(#{<<"key">> := Key, <<"reason">> := <<"SPLIT">>, <<"metadata">> := #{<<"percentage">> := P}})
  when is_binary(Key), is_integer(P), P >= 0, P =< 100 ->
    {true, {binary_to_atom(Key, utf8), P}};
row(_) -> false.

header(Headers, Name) ->
    case lists:keyfind(Name, 1, Headers) of
        {_, Value} -> list_to_binary(Value);
        false -> undefined
    end.

%% The bulk ETag is "<flag set>.<subject>"; the flag set part is what the node reports as its version.
flag_set_version(undefined) -> undefined;
flag_set_version(Etag) ->
    Strong = case Etag of <<"W/", Rest/binary>> -> Rest; _ -> Etag end,
    [Version | _] = binary:split(string:trim(Strong, both, "\""), <<".">>),
    Version.

%% Best effort, off the flag client's own process: the Flags page's convergence view is not worth a stall.
report_held(undefined) -> ok;
report_held(Version) ->
    Body = #{node => phasegate_reporter:node_name(), etag => Version},
    spawn(fun() -> phasegate_http:post_json(?SYNC_PATH, Body, phasegate_config:get(request_timeout_ms)) end),
    ok.
