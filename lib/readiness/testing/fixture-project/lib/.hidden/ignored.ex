defmodule Fixture.Hidden do
  def go, do: spawn(fn -> :ok end)
end
