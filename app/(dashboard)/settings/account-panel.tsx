"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button, Field, FormError, TextInput } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { errorFor, fieldErrors } from "@/components/zod-form";
import { useChangeOwnPassword } from "@/lib/auth/mutations";
import { sessionQuery } from "@/lib/auth/queries";
import { changeOwnPasswordSchema } from "@/lib/auth/schemas";

export function AccountPanel() {
  const session = useQuery(sessionQuery());
  const [form, setForm] = useState({ currentPassword: "", newPassword: "" });
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const change = useChangeOwnPassword();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = fieldErrors(changeOwnPasswordSchema, form);
    setClientErrors(errors);
    if (!errors) change.mutate(form, { onSuccess: () => setForm({ currentPassword: "", newPassword: "" }) });
  };
  const user = session.data?.user;
  return (
    <Panel title="Your account">
      {user ? (
        <p className="mb-4 text-sm">
          Signed in as <span className="font-medium">{user.username}</span> with the{" "}
          <span className="font-medium">{user.role}</span> role.
        </p>
      ) : null}
      <form onSubmit={submit} className="grid max-w-2xl gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <Field label="Current password" error={errorFor("body.currentPassword", clientErrors, change.error)}>
          <TextInput
            type="password"
            autoComplete="current-password"
            value={form.currentPassword}
            onChange={(e) => setForm({ ...form, currentPassword: e.target.value })}
          />
        </Field>
        <Field label="New password (10+ characters)" error={errorFor("body.newPassword", clientErrors, change.error)}>
          <TextInput
            type="password"
            autoComplete="new-password"
            value={form.newPassword}
            onChange={(e) => setForm({ ...form, newPassword: e.target.value })}
          />
        </Field>
        <Button type="submit" disabled={change.isPending}>
          Change password
        </Button>
      </form>
      <div className="mt-2">
        {change.isSuccess ? (
          <p className="text-ok text-sm">Password changed. Your other sessions were signed out.</p>
        ) : null}
        {change.error &&
        !errorFor("body.currentPassword", null, change.error) &&
        !errorFor("body.newPassword", null, change.error) ? (
          <FormError error={change.error} />
        ) : null}
      </div>
    </Panel>
  );
}
