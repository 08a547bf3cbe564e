defmodule CleanTest do
  use ExUnit.Case, async: true

  test "parses" do
    assert {:ok, 1} = Clean.parse("1")
  end
end
