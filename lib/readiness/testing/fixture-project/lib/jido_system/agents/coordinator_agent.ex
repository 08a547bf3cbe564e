defmodule JidoSystem.Agents.CoordinatorAgent do
  # TODO: use JidoSystem.Agents.PersistentFoundationAgent once the schema settles
  use JidoSystem.Agents.FoundationAgent, name: "coordinator_agent"
end
