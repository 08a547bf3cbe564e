"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button, Field, FormError, Select, TextInput } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { usePermission } from "@/components/use-permission";
import { errorFor, fieldErrors } from "@/components/zod-form";
import { formatAgo } from "@/lib/format";
import { ROLES, type Role } from "@/lib/auth/policy";
import { useCreateUser, useEndUserSessions, useResetPassword, useUpdateUser } from "@/lib/auth/mutations";
import { usersQuery } from "@/lib/auth/queries";
import { createUserSchema } from "@/lib/auth/schemas";
import type { UserDto } from "@/lib/auth/serializers";

export function UsersPanel() {
  const users = useQuery(usersQuery());
  const isAdmin = usePermission("admin");
  return (
    <Panel title="People">
      {isAdmin ? <AddUserForm /> : null}
      <QueryState query={users} label="users">
        {(list) => (
          <table className="w-full text-left text-sm">
            <thead className="text-muted text-xs">
              <tr>
                <th className="py-2 pr-4 font-medium">User</th>
                <th className="py-2 pr-4 font-medium">Role</th>
                <th className="py-2 pr-4 font-medium">Last sign-in</th>
                <th className="py-2 pr-4 font-medium">Sessions</th>
                {isAdmin ? <th className="py-2 font-medium">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((user) => (
                <UserRow key={user.id} user={user} isAdmin={isAdmin} />
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </Panel>
  );
}

function UserRow({ user, isAdmin }: { user: UserDto; isAdmin: boolean }) {
  const update = useUpdateUser(user.id);
  const revoke = useEndUserSessions(user.id);
  const reset = useResetPassword(user.id);
  const error = update.error ?? revoke.error ?? reset.error;
  return (
    <tr className="border-line border-t align-top" data-testid={`user-row-${user.username}`}>
      <td className="py-2 pr-4">
        <div className={user.disabled ? "text-muted line-through" : ""}>{user.username}</div>
        {user.displayName ? <div className="text-muted text-xs">{user.displayName}</div> : null}
      </td>
      <td className="py-2 pr-4">
        {isAdmin ? (
          <Select
            aria-label={`Role of ${user.username}`}
            value={user.role}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ role: e.target.value as Role })}
            className="w-auto"
          >
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </Select>
        ) : (
          user.role
        )}
      </td>
      <td className="text-muted py-2 pr-4 text-xs">{user.lastLoginAt ? formatAgo(user.lastLoginAt) : "never"}</td>
      <td className="py-2 pr-4">{user.activeSessions}</td>
      {isAdmin ? (
        <td className="py-2">
          <div className="flex flex-wrap gap-2">
            <Button
              onClick={() => update.mutate({ disabled: !user.disabled })}
              disabled={update.isPending}
              tone={user.disabled ? "default" : "danger"}
            >
              {user.disabled ? "Enable" : "Disable"}
            </Button>
            <Button onClick={() => revoke.mutate()} disabled={revoke.isPending || user.activeSessions === 0}>
              Sign out everywhere
            </Button>
            <Button
              onClick={() => {
                const password = window.prompt(
                  `New password for ${user.username} (10+ characters). Their sessions will end.`,
                );
                if (password) reset.mutate(password);
              }}
            >
              Set password
            </Button>
          </div>
          <FormError error={error} />
        </td>
      ) : null}
    </tr>
  );
}

const EMPTY = { username: "", displayName: "", role: "operator" as Role, password: "" };

function AddUserForm() {
  const [form, setForm] = useState(EMPTY);
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const create = useCreateUser();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = fieldErrors(createUserSchema, form);
    setClientErrors(errors);
    if (!errors) create.mutate(form, { onSuccess: () => setForm(EMPTY) });
  };
  return (
    <form
      onSubmit={submit}
      className="mb-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto_1fr_auto] sm:items-end"
      aria-label="Add a person"
    >
      <Field label="Username" error={errorFor("body.username", clientErrors, create.error)}>
        <TextInput
          value={form.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
          autoComplete="off"
        />
      </Field>
      <Field label="Display name">
        <TextInput value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
      </Field>
      <Field label="Role">
        <Select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {ROLES.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </Select>
      </Field>
      <Field label="Initial password" error={errorFor("body.password", clientErrors, create.error)}>
        <TextInput
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
      </Field>
      <Button type="submit" tone="primary" disabled={create.isPending}>
        Add person
      </Button>
      {create.error &&
      !errorFor("body.username", null, create.error) &&
      !errorFor("body.password", null, create.error) ? (
        <div className="sm:col-span-5">
          <FormError error={create.error} />
        </div>
      ) : null}
    </form>
  );
}
