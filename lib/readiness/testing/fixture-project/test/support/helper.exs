defmodule Fixture.Helper do
  def wait, do: Process.sleep(100)
end
