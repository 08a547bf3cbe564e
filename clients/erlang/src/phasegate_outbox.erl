%% What the reporter has to send, kept until Phasegate accepted it. Restart events and interval reports queue in
%% order; of snapshots only the latest is worth sending. While Phasegate is unreachable or failing, sends back off
%% exponentially; the whole outbox stays under `buffer_max_bytes`, dropping the oldest items first and saying so
%% (a warning, and stats/0). Rejected batches (4xx) are dropped and counted too: resending them cannot succeed.
-module(phasegate_outbox).
-behaviour(gen_server).
-export([start_link/0, add_restart/1, add_report/1, put_snapshot/1, stats/0, flush/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(RESTARTS_PATH, "/api/v1/ingest/supervision/restarts").
-define(SNAPSHOTS_PATH, "/api/v1/ingest/supervision/snapshots").
-define(REPORTS_PATH, "/api/v1/ingest").
-define(BATCH, 500).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

add_restart(Event) -> gen_server:cast(?MODULE, {add, restarts, Event}).
add_report(Report) -> gen_server:cast(?MODULE, {add, reports, Report}).
put_snapshot(Snapshot) -> gen_server:cast(?MODULE, {snapshot, Snapshot}).
flush() -> ?MODULE ! flush, ok.

%% #{pending => #{restarts, reports, snapshot}, bytes, dropped => #{restarts, reports, snapshots}, sent => ...}
stats() -> gen_server:call(?MODULE, stats, 5000).

init([]) ->
    erlang:send_after(phasegate_config:get(flush_interval_ms), self(), flush),
    {ok, #{restarts => queue:new(), reports => queue:new(), snapshot => undefined, bytes => 0,
           dropped => #{restarts => 0, reports => 0, snapshots => 0},
           sent => #{restarts => 0, reports => 0, snapshots => 0},
           failures => 0, retry_at => undefined}}.

handle_call(stats, _From, S) ->
    #{restarts := R, reports := P, snapshot := Snap, bytes := B, dropped := D, sent := Sent, failures := F} = S,
    {reply, #{pending => #{restarts => queue:len(R), reports => queue:len(P), snapshot => Snap =/= undefined},
              bytes => B, dropped => D, sent => Sent, consecutive_failures => F}, S}.

handle_cast({add, Kind, Item}, S) ->
    Size = erlang:external_size(Item),
    S1 = S#{Kind := queue:in({Size, Item}, maps:get(Kind, S)), bytes := maps:get(bytes, S) + Size},
    {noreply, enforce_bound(S1)};
handle_cast({snapshot, Snapshot}, S = #{snapshot := Old, bytes := B}) ->
    Size = erlang:external_size(Snapshot),
    OldSize = case Old of undefined -> 0; {OS, _} -> OS end,
    {noreply, enforce_bound(S#{snapshot := {Size, Snapshot}, bytes := B - OldSize + Size})}.

handle_info(flush, S) ->
    Now = erlang:monotonic_time(millisecond),
    %% (monotonic time may be negative: `undefined` means "no backoff", not 0)
    S1 = case maps:get(retry_at, S) =:= undefined orelse Now >= maps:get(retry_at, S) of
        true -> send_all(S);
        false -> S
    end,
    erlang:send_after(phasegate_config:get(flush_interval_ms), self(), flush),
    {noreply, S1};
handle_info(_Other, S) -> {noreply, S}.

send_all(S) ->
    %% Restarts first, then interval reports: they are the data a later snapshot cannot recreate (and the guard
    %% reads the reports); the snapshot, which the next walk replaces anyway, goes last.
    case send_queue(restarts, S) of
        {ok, S1} ->
            case send_queue(reports, S1) of
                {ok, S2} -> case send_snapshot(S2) of {_, S3} -> S3 end;
                {failed, S2} -> S2
            end;
        {failed, S1} -> S1
    end.

send_queue(Kind, S) ->
    Q = maps:get(Kind, S),
    case queue:is_empty(Q) of
        true -> {ok, S};
        false ->
            {Taken, Rest} = queue:split(min(?BATCH, queue:len(Q)), Q),
            Items = [Item || {_, Item} <- queue:to_list(Taken)],
            Size = lists:sum([Sz || {Sz, _} <- queue:to_list(Taken)]),
            Body = body(Kind, Items),
            case deliver(path(Kind), Body) of
                ok ->
                    S1 = bump(sent, Kind, length(Items), S#{Kind := Rest, bytes := maps:get(bytes, S) - Size}),
                    send_queue(Kind, succeeded(S1));
                rejected ->
                    S1 = bump(dropped, Kind, length(Items), S#{Kind := Rest, bytes := maps:get(bytes, S) - Size}),
                    {ok, S1};
                retry -> {failed, failed(S)}
            end
    end.

send_snapshot(S = #{snapshot := undefined}) -> {ok, S};
send_snapshot(S = #{snapshot := {Size, Snapshot}}) ->
    case deliver(?SNAPSHOTS_PATH, Snapshot) of
        ok -> {ok, succeeded(bump(sent, snapshots, 1, S#{snapshot := undefined, bytes := maps:get(bytes, S) - Size}))};
        rejected -> {ok, bump(dropped, snapshots, 1, S#{snapshot := undefined, bytes := maps:get(bytes, S) - Size})};
        retry -> {failed, failed(S)}
    end.

body(restarts, Items) -> #{node => phasegate_reporter:node_name(), restarts => Items};
body(reports, Items) -> #{reports => Items}.

path(restarts) -> ?RESTARTS_PATH;
path(reports) -> ?REPORTS_PATH.

deliver(Path, Body) ->
    case phasegate_http:post_json(Path, Body, phasegate_config:get(request_timeout_ms)) of
        {ok, Status, _, _} when Status >= 200, Status < 300 -> ok;
        {ok, Status, _, RespBody} when Status >= 400, Status < 500, Status =/= 408, Status =/= 429 ->
            logger:warning("phasegate: ~s rejected a batch (~b), dropping it: ~ts", [Path, Status, RespBody]),
            rejected;
        _ -> retry
    end.

succeeded(S) -> S#{failures := 0, retry_at := undefined}.

failed(S = #{failures := F}) ->
    Max = phasegate_config:get(backoff_max_ms),
    Delay = min(Max, 100 * (1 bsl min(F, 16))),
    Jitter = rand:uniform(max(1, Delay div 4)),
    S#{failures := F + 1, retry_at := erlang:monotonic_time(millisecond) + Delay + Jitter}.

bump(Which, Kind, N, S) ->
    Counts = maps:get(Which, S),
    S#{Which := Counts#{Kind := maps:get(Kind, Counts) + N}}.

%% Over the bound: the oldest snapshot goes first (a newer one will follow), then the oldest reports, then restarts.
enforce_bound(S) ->
    Max = phasegate_config:get(buffer_max_bytes),
    case maps:get(bytes, S) > Max of
        false -> S;
        true -> enforce_bound(drop_oldest(S))
    end.

drop_oldest(S = #{snapshot := {Size, _}}) -> warn_dropped(snapshots, bump(dropped, snapshots, 1, S#{snapshot := undefined, bytes := maps:get(bytes, S) - Size}));
drop_oldest(S) ->
    Kind = case queue:is_empty(maps:get(reports, S)) of true -> restarts; false -> reports end,
    case queue:out(maps:get(Kind, S)) of
        {{value, {Size, _}}, Rest} -> warn_dropped(Kind, bump(dropped, Kind, 1, S#{Kind := Rest, bytes := maps:get(bytes, S) - Size}));
        {empty, _} -> S#{bytes := 0}
    end.

warn_dropped(Kind, S) ->
    Total = maps:get(Kind, maps:get(dropped, S)),
    %% One warning per power of two, so a long outage does not flood the host's log.
    case Total band (Total - 1) of
        0 -> logger:warning("phasegate: outbox over ~b bytes while Phasegate is unreachable; dropped ~b ~s so far",
                            [phasegate_config:get(buffer_max_bytes), Total, Kind]);
        _ -> ok
    end,
    S.
