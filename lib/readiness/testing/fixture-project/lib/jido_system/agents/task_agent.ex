defmodule JidoSystem.Agents.TaskAgent do
  use JidoSystem.Agents.PersistentFoundationAgent,
    name: "task_agent",
    persistent_fields: [:task_queue]
end
