defmodule Clean.MixProject do
  use Mix.Project

  def project, do: [app: :clean, version: "0.1.0"]
end
