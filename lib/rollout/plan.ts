// The rollout plan from "OTP Refactor Plan - Document 05" (Stage 5.2-5.5): the flags, the five phases with the
// runbook's monitor-for times and checks, the automatic-rollback thresholds and the readiness checklist.
// Loaded into the database on first start (plan-loader.ts); operators may edit it afterwards. Pure data.
import type { FlagValueWire } from "../flags/value";

export type PlanFlag = { key: string; description: string };

export type PlanPhase = {
  number: number;
  name: string;
  plannedDurationMinutes: number;
  /** The runbook's "Monitor for ..." time; null where the runbook gives none (phase 5). */
  monitorForMinutes: number | null;
  validation: string;
  /** What the runbook says to check while monitoring. */
  checks: string[];
  /** Only the flags this phase changes; the effective state overlays phases 1..N (see effective-state.ts). */
  flags: Record<string, FlagValueWire>;
};

export type PlanThreshold = {
  metric: string;
  comparison: "above" | "below";
  value: number;
  unit: string;
};

export type PlanReadinessCheck = { key: string; category: string; name: string; description: string };

const DAY = 24 * 60;

export const PLAN_FLAGS: PlanFlag[] = [
  {
    key: "use_persistent_agents",
    description: "Task agents start as PersistentTaskAgent, so agent state survives crashes.",
  },
  { key: "use_v2_coordinator", description: "Coordinators start as CoordinatorAgentV2 instead of CoordinatorAgent." },
  { key: "use_new_error_handling", description: "Errors use the unified Foundation.Error type and retry rules." },
  { key: "use_sync_test_apis", description: "Tests synchronise through sync APIs instead of sleeps and telemetry." },
  {
    key: "enforce_supervised_tasks",
    description: "TaskHelper.spawn_supervised requires Foundation.TaskSupervisor; no unsupervised fallback.",
  },
  { key: "use_reliable_messaging", description: "Critical paths use reliable messaging instead of raw send." },
];

export const PLAN_PHASES: PlanPhase[] = [
  {
    number: 1,
    name: "Development",
    plannedDurationMinutes: 2 * DAY,
    monitorForMinutes: 30,
    validation: "All tests pass in dev",
    checks: ["Error rates stable", "No test failures in CI"],
    flags: { use_sync_test_apis: "on", use_new_error_handling: "on" },
  },
  {
    number: 2,
    name: "Staging - Basic",
    plannedDurationMinutes: 3 * DAY,
    monitorForMinutes: 2 * 60,
    validation: "No errors in staging logs",
    checks: ["No increase in errors", "Message delivery >99%"],
    flags: {
      use_sync_test_apis: "on",
      use_new_error_handling: "on",
      use_reliable_messaging: "on",
      enforce_supervised_tasks: "on",
    },
  },
  {
    number: 3,
    name: "Staging - State Persistence",
    plannedDurationMinutes: 3 * DAY,
    monitorForMinutes: 24 * 60,
    validation: "Agents recover from crashes with state",
    checks: ["Agents recovering from crashes", "No data loss reports", "State persistence metrics good"],
    flags: { use_persistent_agents: "on" },
  },
  {
    number: 4,
    name: "Production Canary",
    plannedDurationMinutes: 2 * DAY,
    monitorForMinutes: 24 * 60,
    validation: "Error rate stable, performance normal",
    checks: ["V2 coordinators performing well", "No workflow failures"],
    flags: { use_v2_coordinator: 10 },
  },
  {
    number: 5,
    name: "Production Rollout",
    plannedDurationMinutes: 3 * DAY,
    monitorForMinutes: null,
    validation: "Full system on new architecture",
    checks: [],
    flags: { use_v2_coordinator: 100 },
  },
];

export type PlanRunbookItem = {
  phase: number;
  section: "pre_deployment" | "checks" | "post_deployment";
  text: string;
};

/**
 * DEPLOYMENT_RUNBOOK.md as per-phase checklists: the pre-deployment steps before phase 1, each phase's monitoring
 * time and checks, the post-deployment clean-up after phase 5.
 */
export const PLAN_RUNBOOK: PlanRunbookItem[] = [
  ...[
    "Run the readiness check (mix run scripts/production_readiness_check.exs); all checks must pass",
    "Back up the current state (./scripts/backup_production_state.sh)",
    "Notify the team: send the deployment notice",
    "Confirm the rollback person is available",
  ].map((text) => ({ phase: 1, section: "pre_deployment" as const, text })),
  ...PLAN_PHASES.flatMap((phase) => [
    ...(phase.monitorForMinutes === null
      ? []
      : [
          {
            phase: phase.number,
            section: "checks" as const,
            text: `Monitor for ${phase.monitorForMinutes >= 60 ? `${phase.monitorForMinutes / 60} hours` : `${phase.monitorForMinutes} minutes`}`,
          },
        ]),
    ...phase.checks.map((text) => ({ phase: phase.number, section: "checks" as const, text })),
  ]),
  ...[
    "Remove old code after 1 week stable: delete the V1 coordinator",
    "Remove old code: delete the TaskHelper spawn fallback",
    "Remove old code: delete the old error handling",
    "Update the documentation: architecture diagrams, API documentation, operations guides",
    "Celebrate: the system is now truly OTP-compliant",
  ].map((text) => ({ phase: 5, section: "post_deployment" as const, text })),
];

/** Foundation.Deployment.Monitor @metrics_to_track, with the unit each is reported in. */
export const PLAN_METRICS = [
  { key: "error_rate", unit: "%", about: "errors per request over the last 5 minutes" },
  { key: "restart_frequency", unit: "restarts/min", about: "supervisor restarts across the watched supervisors" },
  { key: "message_delivery_success", unit: "%", about: "messages delivered of messages sent" },
  { key: "state_recovery_success", unit: "%", about: "agent state recoveries that succeeded" },
  { key: "average_response_time", unit: "ms", about: "mean response time" },
] as const;

export type MetricKey = (typeof PLAN_METRICS)[number]["key"];

const unitOf = (metric: MetricKey) => PLAN_METRICS.find((m) => m.key === metric)!.unit;

/** Foundation.Deployment.Rollback @thresholds. */
export const PLAN_THRESHOLDS: PlanThreshold[] = (
  [
    ["error_rate", "above", 5.0],
    ["restart_frequency", "above", 10],
    ["message_delivery_success", "below", 95.0],
    ["state_recovery_success", "below", 99.0],
  ] as const
).map(([metric, comparison, value]) => ({ metric, comparison, value, unit: unitOf(metric) }));

/** Foundation.ProductionReadiness @checklist: 5 categories, 17 checks. */
export const PLAN_READINESS_CHECKS: PlanReadinessCheck[] = [
  ["architecture", "no_unsupervised_processes", "No unsupervised processes", "No raw spawn( in lib/."],
  [
    "architecture",
    "monitor_cleanup",
    "All monitors have demonitor",
    "Every Process.monitor has a matching Process.demonitor.",
  ],
  ["architecture", "no_raw_send", "No raw send for critical paths", "Critical paths use reliable messaging."],
  [
    "architecture",
    "supervision_strategy",
    "Supervision strategy correct",
    "Supervisors use the intended restart strategies.",
  ],
  [
    "state_management",
    "persistent_agents",
    "Critical agents use persistence",
    "Task, coordinator and monitor agents use PersistentFoundationAgent.",
  ],
  ["state_management", "state_recovery", "State recovery tested", "test/integration/state_recovery_test.exs passes."],
  ["state_management", "no_data_loss", "No data loss on crash", "Agents keep their state across crashes."],
  [
    "error_handling",
    "single_error_type",
    "Single error type used",
    "Errors are Foundation.Error, not bare {:error, atom} tuples.",
  ],
  ["error_handling", "no_catch_all", "No catch-all handlers", "No rescue _, rescue exception ->, or catch _, _."],
  [
    "error_handling",
    "error_boundaries",
    "Error boundaries in place",
    "Failures are contained at supervision boundaries.",
  ],
  ["testing", "no_test_sleep", "No Process.sleep in tests", "Tests synchronise on conditions, not sleeps."],
  ["testing", "async_tests", "All tests async-safe", "Tests can run with async: true."],
  ["testing", "integration_tests", "Integration tests pass", "The full-system integration suite passes."],
  ["operations", "monitoring_active", "Monitoring active", "The deployment monitor receives metrics."],
  ["operations", "alerts_configured", "Alerts configured", "Error and threshold alerts reach the operations team."],
  ["operations", "rollback_tested", "Rollback tested", "A rollback has been exercised."],
  ["operations", "performance", "Performance acceptable", "Average response time over 30 minutes is under 100 ms."],
].map(([category, check, name, description]) => ({
  key: `${category}.${check}`,
  category: category as string,
  name: name as string,
  description: description as string,
}));

export const READINESS_CATEGORIES = ["architecture", "state_management", "error_handling", "testing", "operations"];
