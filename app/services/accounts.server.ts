/** Sign-up, login and staff-account creation. */
import { generateIdFromEntropySize } from "lucia";
import type { AppDeps } from "~/deps.server";
import {
  insertUser,
  findUserForLogin,
  findUserByUsernameOrEmail,
  setUserRole,
  type UserRow,
} from "~/data/users.server";
import { recordLedger } from "~/data/reputation.server";
import { REPUTATION } from "~/domain/reputation";
import type { Executor } from "~db/client";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { LoginSchema, SignupSchema, fieldErrors } from "~/forms/schemas";
import { AppError } from "~/domain/shared/app-error";
import type { Role } from "~/domain/forum";

function newUserId() {
  return generateIdFromEntropySize(10); // 16 characters, base32
}

/** Inserts a member with the starting reputation as their first ledger row; null if the name or e-mail is taken. */
export async function registerUser(
  ex: Executor,
  row: Pick<UserRow, "id" | "username" | "email" | "passwordHash"> &
    Partial<Pick<UserRow, "role" | "locale" | "signupIp">>,
  at: Date,
) {
  const created = await insertUser(ex, { ...row, reputation: 0 });
  if (!created) return null;
  await recordLedger(
    ex,
    [
      {
        userId: created.id,
        points: REPUTATION.start,
        reason: "signup",
        postId: null,
        actorId: null,
        boardId: null,
      },
    ],
    at,
  );
  return created;
}

export async function signUp(
  deps: AppDeps,
  input: unknown,
  opts: { role?: Role; locale?: string; ip?: string | null } = {},
) {
  const parsed = SignupSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      "invalid",
      "invalid_input",
      "Please correct the marked fields",
      fieldErrors(parsed.error),
    );
  }
  const { username, email, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  const created = await deps.db.transaction(async (tx) => {
    const row = await registerUser(
      tx,
      {
        id: newUserId(),
        username,
        email,
        passwordHash,
        role: opts.role ?? "member",
        locale: opts.locale === "en" ? "en" : "vi",
        signupIp: opts.ip ?? null,
      },
      deps.clock.now(),
    );
    if (!row) {
      const clash = await findUserByUsernameOrEmail(tx, username, email);
      const fields: Record<string, string> = {};
      if (clash?.username.toLowerCase() === username.toLowerCase()) fields.username = "username_taken";
      else fields.email = "email_taken";
      throw new AppError(
        "conflict",
        "account_exists",
        "That username or email is already registered",
        fields,
      );
    }
    return row;
  });
  return created;
}

export async function logIn(deps: AppDeps, input: unknown) {
  const parsed = LoginSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      "invalid",
      "invalid_input",
      "Please correct the marked fields",
      fieldErrors(parsed.error),
    );
  }
  const user = await findUserForLogin(deps.db, parsed.data.login);
  const ok = await verifyPassword(user?.passwordHash ?? null, parsed.data.password);
  if (!user || !ok) {
    // One message for "no such user" and "wrong password": no account enumeration.
    throw new AppError("unauthenticated", "bad_credentials", "Wrong username/email or password", {
      form: "bad_credentials",
    });
  }
  return { id: user.id, username: user.username, role: user.role };
}

/** Creates a staff (or member) account from the command line; promotes an existing one if it exists. */
export async function createOrPromoteUser(
  deps: AppDeps,
  input: { username: string; email: string; password: string; role: Role },
) {
  try {
    return { ...(await signUp(deps, input, { role: input.role })), created: true };
  } catch (e) {
    if (e instanceof AppError && e.kind === "conflict") {
      const existing = await findUserForLogin(deps.db, input.username);
      if (!existing) throw e;
      await setUserRole(deps.db, existing.id, input.role);
      return { id: existing.id, username: existing.username, role: input.role, created: false };
    }
    throw e;
  }
}
