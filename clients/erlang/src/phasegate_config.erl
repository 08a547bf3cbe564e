%% The clients' settings: application environment of `phasegate`, with defaults.
-module(phasegate_config).
-export([get/1]).

defaults() ->
    #{url => "http://127.0.0.1:3000",
      token => "",
      node_name => undefined,               % undefined: atom_to_binary(node())
      roots => [],                          % registered names (or pids) of the root supervisors to walk
      reporter => true,
      flags => true,
      snapshot_interval_ms => 10000,
      flush_interval_ms => 1000,
      call_timeout_ms => 1000,              % bound on which_children / sys:get_state per supervisor
      request_timeout_ms => 5000,
      buffer_max_bytes => 8 * 1024 * 1024,  % what the outbox may hold while Phasegate is unreachable
      backoff_max_ms => 30000,
      max_processes => 200000,
      interval_reports => auto,             % POST /api/v1/ingest interval reports: auto = when a token is set
      interval_seconds => 10,               % length of one interval report (the counting API's flush period)
      flag_poll_ms => 30000,
      flag_stream => true}.

get(Key) ->
    case application:get_env(phasegate, Key) of
        {ok, Value} -> Value;
        undefined -> maps:get(Key, defaults())
    end.
