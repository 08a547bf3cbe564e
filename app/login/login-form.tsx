"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useSignIn } from "@/lib/auth/mutations";
import { loginInfoQuery } from "@/lib/auth/queries";
import { ApiError } from "@/lib/http/api-client";

/** Only same-site paths, so a crafted link cannot send people elsewhere after sign-in. */
function safeNext(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export function LoginForm() {
  const params = useSearchParams();
  const info = useQuery(loginInfoQuery());
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useSignIn();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ username, password }, { onSuccess: () => window.location.assign(safeNext(params.get("next"))) });
  };
  const error = signIn.error instanceof ApiError ? signIn.error : null;
  return (
    <form onSubmit={submit} className="border-line bg-panel space-y-4 rounded-lg border p-5">
      <label className="block text-sm">
        <span className="text-muted mb-1 block">Username</span>
        <input
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          className="border-line bg-bg w-full rounded-md border px-3 py-2"
        />
      </label>
      <label className="block text-sm">
        <span className="text-muted mb-1 block">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="border-line bg-bg w-full rounded-md border px-3 py-2"
        />
      </label>
      {error ? (
        <p role="alert" className="text-bad text-sm">
          {error.detail}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={signIn.isPending}
        className="bg-accent text-accent-text w-full rounded-md px-3 py-2 text-sm font-medium disabled:opacity-60"
      >
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </button>
      {info.data?.demo ? (
        <p className="text-muted border-line border-t pt-3 text-xs" data-testid="demo-credentials">
          Demo database: sign in as <code className="text-text">{info.data.demo.username}</code> with password{" "}
          <code className="text-text">{info.data.demo.password}</code>, then change it in Settings.
        </p>
      ) : null}
    </form>
  );
}
