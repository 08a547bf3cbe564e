%% HTTP for both clients, through OTP's httpc in its own profile (so the host's httpc settings are untouched).
%% Every call is bounded by a timeout and returns a value; nothing here throws into the caller.
-module(phasegate_http).
-export([ensure_started/0, post_json/3, post_json/4, url/1, auth_headers/0]).

-define(PROFILE, phasegate).
%% The flag client's event stream holds its connection open; in a profile of its own, so httpc never queues an
%% ordinary request behind it on the same keep-alive session.
-define(STREAM_PROFILE, phasegate_stream).

ensure_started() ->
    _ = application:ensure_all_started(inets),
    lists:foldl(fun(Profile, ok) ->
                        case inets:start(httpc, [{profile, Profile}]) of
                            {ok, _} -> ok;
                            {error, {already_started, _}} -> ok;
                            Other -> Other
                        end;
                   (_, Error) -> Error
                end, ok, [?PROFILE, ?STREAM_PROFILE]).

url(Path) -> phasegate_config:get(url) ++ Path.

auth_headers() -> [{"authorization", "Bearer " ++ phasegate_config:get(token)}].

post_json(Path, Body, TimeoutMs) -> post_json(Path, Body, TimeoutMs, []).

%% {ok, Status, RespHeaders, RespBody} | {error, Reason}
post_json(Path, Body, TimeoutMs, ExtraHeaders) ->
    Request = {url(Path), auth_headers() ++ ExtraHeaders, "application/json", phasegate_json:encode(Body)},
    try httpc:request(post, Request, [{timeout, TimeoutMs}, {connect_timeout, TimeoutMs}],
                      [{body_format, binary}], ?PROFILE) of
        {ok, {{_, Status, _}, Headers, RespBody}} -> {ok, Status, Headers, RespBody};
        {error, Reason} -> {error, Reason}
    catch
        Class:Reason -> {error, {Class, Reason}}
    end.
