import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

const input = "border-line bg-bg w-full rounded-md border px-3 py-1.5 text-sm disabled:opacity-60";

export function Field({
  label,
  error,
  children,
  hint,
}: {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <label className="block text-sm">
      <span className="text-muted mb-1 block text-xs">{label}</span>
      {children}
      {hint && !error ? <span className="text-muted mt-1 block text-xs">{hint}</span> : null}
      {error ? (
        <span role="alert" className="text-bad mt-1 block text-xs">
          {error}
        </span>
      ) : null}
    </label>
  );
}

export function TextInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={`${input} ${props.className ?? ""}`} />;
}

export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={`${input} ${props.className ?? ""}`} />;
}

type Tone = "primary" | "default" | "danger";
const tones: Record<Tone, string> = {
  primary: "bg-accent text-accent-text border-transparent font-medium",
  default: "border-line hover:bg-panel-2",
  danger: "border-bad/50 text-bad hover:bg-bad/10",
};

export function Button({
  tone = "default",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: Tone }) {
  return (
    <button
      type="button"
      {...props}
      className={`rounded-md border px-3 py-1.5 text-sm whitespace-nowrap disabled:cursor-not-allowed disabled:opacity-60 ${tones[tone]} ${className}`}
    />
  );
}

/** A mutation's error, as one line; field errors are shown beside their fields. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="text-bad text-sm">
      {message}
    </p>
  );
}
