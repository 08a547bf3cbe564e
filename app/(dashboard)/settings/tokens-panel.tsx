"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { EmptyState } from "@/components/empty-state";
import { Button, Field, FormError, Select, TextInput } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { usePermission } from "@/components/use-permission";
import { errorFor, fieldErrors } from "@/components/zod-form";
import { formatAgo } from "@/lib/format";
import { TOKEN_SCOPES, type TokenScope } from "@/lib/auth/policy";
import { useCreateToken, useRevokeToken } from "@/lib/auth/mutations";
import { tokensQuery } from "@/lib/auth/queries";
import { createTokenSchema } from "@/lib/auth/schemas";
import type { TokenDto } from "@/lib/auth/serializers";

const SCOPE_HELP: Record<TokenScope, string> = {
  ingest: "send health reports and supervision trees",
  evaluate: "read flag values (OFREP)",
  operate: "change flags, advance and roll back",
  admin: "everything an admin can do",
};

export function TokensPanel() {
  const tokens = useQuery(tokensQuery());
  const isAdmin = usePermission("admin");
  return (
    <Panel title="API tokens">
      {isAdmin ? <CreateTokenForm /> : null}
      <QueryState query={tokens} label="tokens">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No API tokens yet">
              <p>
                Services, OpenFeature clients and the command-line tool authenticate with API tokens created here, each
                scoped to ingest, evaluate, operate or admin.
              </p>
            </EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-muted text-xs">
                <tr>
                  <th className="py-2 pr-4 font-medium">Name</th>
                  <th className="py-2 pr-4 font-medium">Scopes</th>
                  <th className="py-2 pr-4 font-medium">Last used</th>
                  <th className="py-2 pr-4 font-medium">Status</th>
                  {isAdmin ? <th className="py-2 font-medium" /> : null}
                </tr>
              </thead>
              <tbody>
                {list.map((token) => (
                  <TokenRow key={token.id} token={token} isAdmin={isAdmin} />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </Panel>
  );
}

function TokenRow({ token, isAdmin }: { token: TokenDto; isAdmin: boolean }) {
  const revoke = useRevokeToken(token.id);
  return (
    <tr className="border-line border-t" data-testid={`token-row-${token.name}`}>
      <td className="py-2 pr-4">
        <div>{token.name}</div>
        <div className="text-muted font-mono text-xs">{token.prefix}…</div>
      </td>
      <td className="py-2 pr-4 font-mono text-xs">{token.scopes.join(", ")}</td>
      <td className="text-muted py-2 pr-4 text-xs">{token.lastUsedAt ? formatAgo(token.lastUsedAt) : "never"}</td>
      <td className={`py-2 pr-4 text-xs ${token.status === "active" ? "text-ok" : "text-muted"}`}>{token.status}</td>
      {isAdmin ? (
        <td className="py-2">
          {token.status === "active" ? (
            <Button
              tone="danger"
              onClick={() =>
                window.confirm(`Revoke "${token.name}"? Clients using it stop working at once.`) && revoke.mutate()
              }
              disabled={revoke.isPending}
            >
              Revoke
            </Button>
          ) : null}
          <FormError error={revoke.error} />
        </td>
      ) : null}
    </tr>
  );
}

function CreateTokenForm() {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TokenScope[]>(["evaluate"]);
  const [expiry, setExpiry] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const body = { name, scopes, expiresInDays: expiry ? Number(expiry) : null };
  const create = useCreateToken();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = fieldErrors(createTokenSchema, body);
    setClientErrors(errors);
    if (!errors) create.mutate(body, { onSuccess: () => setName("") });
  };
  const toggle = (scope: TokenScope) =>
    setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));
  return (
    <div className="mb-4 space-y-3">
      <form
        onSubmit={submit}
        className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end"
        aria-label="Create an API token"
      >
        <Field
          label="Name"
          error={errorFor("body.name", clientErrors, create.error)}
          hint="Who uses it, e.g. orders-service-eu"
        >
          <TextInput value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Expires">
          <Select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            <option value="">never</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
          </Select>
        </Field>
        <Button type="submit" tone="primary" disabled={create.isPending}>
          Create token
        </Button>
        <fieldset className="flex flex-wrap gap-4 text-sm sm:col-span-3">
          <legend className="text-muted mb-1 text-xs">Scopes</legend>
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} className="flex items-center gap-1.5" title={SCOPE_HELP[scope]}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />
              {scope} <span className="text-muted text-xs">({SCOPE_HELP[scope]})</span>
            </label>
          ))}
        </fieldset>
        {errorFor("body.scopes", clientErrors, create.error) ? (
          <p className="text-bad text-xs sm:col-span-3">{errorFor("body.scopes", clientErrors, create.error)}</p>
        ) : null}
      </form>
      {create.data ? (
        <div className="border-ok/40 bg-ok/10 rounded-md border p-3 text-sm" data-testid="new-token">
          <p className="font-medium">
            Token &ldquo;{create.data.name}&rdquo; created. Copy it now: it is not shown again.
          </p>
          <code className="mt-2 block font-mono text-xs break-all select-all">{create.data.token}</code>
        </div>
      ) : null}
      {create.error && !errorFor("body.name", null, create.error) ? <FormError error={create.error} /> : null}
    </div>
  );
}
