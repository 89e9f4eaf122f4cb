// npm run user:create -- --role admin --username alice --email alice@brand.example --password '…'
// Creates the account (or changes the role of an existing one) on the configured database.
import { parseArgs } from "node:util";
import { openConfiguredDb } from "~db/client";
import { createOrPromoteUser } from "~/services/accounts.server";
import { systemClock } from "~/domain/shared/clock";
import { AppError } from "~/domain/shared/app-error";

const { values } = parseArgs({
  options: {
    username: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    role: { type: "string", default: "member" },
  },
});
const role = values.role;
if (
  !values.username ||
  !values.email ||
  !values.password ||
  !["member", "moderator", "admin"].includes(role ?? "")
) {
  console.error(
    "usage: npm run user:create -- --role member|moderator|admin --username NAME --email EMAIL --password PASSWORD",
  );
  process.exit(2);
}
const handle = await openConfiguredDb();
try {
  const r = await createOrPromoteUser(
    { db: handle.db, clock: systemClock },
    { username: values.username, email: values.email, password: values.password, role: role as "admin" },
  );
  console.log(`${r.created ? "created" : "updated"} ${r.role} ${r.username}`);
} catch (e) {
  if (e instanceof AppError) {
    console.error(`error: ${e.message}${e.fields ? ` ${JSON.stringify(e.fields)}` : ""}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  await handle.close();
}
