defmodule Fixture.MixProject do
  use Mix.Project

  def project, do: [app: :fixture, version: "0.1.0", elixir: "~> 1.14"]
end
