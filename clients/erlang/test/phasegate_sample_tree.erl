%% A sample supervision tree for the real-BEAM tests, three levels deep:
%%   sample_root_sup (one_for_one, 10/60)
%%   ├── sample_pool_sup (rest_for_one, 5/30)
%%   │   ├── sample_db      (worker)
%%   │   ├── sample_cache   (worker)
%%   │   └── sample_leaf_sup (one_for_one, 3/5)
%%   │       ├── sample_leaf_1 (worker)
%%   │       └── sample_leaf_2 (worker)
%%   └── sample_api (worker)
-module(phasegate_sample_tree).
-behaviour(supervisor).
-export([start/0, init/1, start_worker/1, worker_loop/0]).

start() ->
    {ok, Pid} = supervisor:start_link({local, sample_root_sup}, ?MODULE, root),
    unlink(Pid),
    {ok, Pid}.

init(root) ->
    {ok, {#{strategy => one_for_one, intensity => 10, period => 60},
          [sup(sample_pool_sup, pool), worker(sample_api)]}};
init(pool) ->
    {ok, {#{strategy => rest_for_one, intensity => 5, period => 30},
          [worker(sample_db), worker(sample_cache), sup(sample_leaf_sup, leaf)]}};
init(leaf) ->
    {ok, {#{strategy => one_for_one, intensity => 3, period => 5},
          [worker(sample_leaf_1), worker(sample_leaf_2)]}}.

sup(Name, Kind) ->
    #{id => Name, start => {supervisor, start_link, [{local, Name}, ?MODULE, Kind]}, type => supervisor}.

worker(Name) -> #{id => Name, start => {?MODULE, start_worker, [Name]}, modules => [?MODULE]}.

start_worker(Name) ->
    Pid = proc_lib:spawn_link(?MODULE, worker_loop, []),
    register(Name, Pid),
    {ok, Pid}.

worker_loop() ->
    receive _ -> worker_loop() end.
