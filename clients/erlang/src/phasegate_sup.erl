%% The clients' own supervisor: the outbox, the counting API's interval reports, the reporter and the flag client,
%% each switchable by configuration.
%% Generous intensity: Phasegate misbehaving must never make this supervisor give up and take the host down,
%% and the application is started as `temporary` by default, so even that would not stop the host.
-module(phasegate_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).

start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).

init([]) ->
    ok = phasegate_http:ensure_started(),
    Reporter = case phasegate_config:get(reporter) of
        true ->
            Metrics = case phasegate_metrics:enabled() of true -> [worker(phasegate_metrics)]; false -> [] end,
            [worker(phasegate_outbox)] ++ Metrics ++ [worker(phasegate_reporter)];
        false -> []
    end,
    Flags = case phasegate_config:get(flags) of
        true -> [worker(phasegate_flags)];
        false -> []
    end,
    {ok, {#{strategy => one_for_one, intensity => 20, period => 10}, Reporter ++ Flags}}.

worker(Module) -> #{id => Module, start => {Module, start_link, []}, shutdown => 2000}.
