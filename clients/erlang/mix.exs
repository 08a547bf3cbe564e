# Lets Mix build this OTP application as a dependency, by path or git, without rebar3 or Hex:
#   {:phasegate, path: "../phasegate/clients/erlang"}
# Mix compiles src/*.erl with erlc, as rebar3 would. The application's description lives in
# src/phasegate.app.src (for rebar3 and erlc users); this file reads its vsn, registered names and mod from there,
# so the two never disagree.
defmodule Phasegate.MixProject do
  use Mix.Project

  @app_src Path.join([__DIR__, "src", "phasegate.app.src"])
  @external_resource @app_src
  {:ok, [{:application, :phasegate, props}]} = :file.consult(@app_src)
  @props props

  def project do
    [
      app: :phasegate,
      version: to_string(@props[:vsn]),
      language: :erlang,
      erlc_paths: ["src"],
      erlc_include_path: "src",
      erlc_options: [:debug_info],
      deps: []
    ]
  end

  def application do
    [
      mod: @props[:mod],
      registered: @props[:registered],
      description: @props[:description],
      extra_applications: @props[:applications] -- [:kernel, :stdlib]
    ]
  end
end
