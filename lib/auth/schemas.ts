import { z } from "zod";
import { text } from "../http/fields";
import { ROLES, TOKEN_SCOPES } from "./policy";

const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, "2-63 characters: letters, digits, dot, dash or underscore");

const newPasswordSchema = z.string().min(10, "at least 10 characters").max(256, "at most 256 characters");

export const loginSchema = z.strictObject({
  username: text(63).toLowerCase().min(1, "required"),
  password: z.string().min(1, "required").max(256),
});

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: text(100).default(""),
  role: z.enum(ROLES),
  password: newPasswordSchema,
});

export const updateUserSchema = z
  .strictObject({
    displayName: text(100).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    reason: text(500).optional(),
  })
  .refine((v) => v.displayName !== undefined || v.role !== undefined || v.disabled !== undefined, "nothing to change");

export const resetPasswordSchema = z.strictObject({
  password: newPasswordSchema,
  reason: text(500).optional(),
});

export const changeOwnPasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "required").max(256),
  newPassword: newPasswordSchema,
});

export const createTokenSchema = z.strictObject({
  name: text(100).min(1, "required"),
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1, "choose at least one scope")
    .transform((s) => [...new Set(s)]),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(null),
});

export const idParamsSchema = z.object({ id: z.uuid("not a valid id") });

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
