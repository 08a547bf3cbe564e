defmodule Clean do
  def start(job), do: Task.Supervisor.async_nolink(Clean.TaskSupervisor, job)

  def parse(text) do
    {:ok, String.to_integer(text)}
  rescue
    e in ArgumentError -> {:error, Foundation.Error.new(:invalid, e)}
  end
end
