/**
 * Small wrapper for JSON API routes: one place turns AppErrors into `{error:{code,message,fields?}}` and
 * applies the general API rate limit (RATE_RULES.api, per member or per address) to every /api/v1 call.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { rateSubject, type RateRuleName } from "~/domain/security";
import { AppError } from "~/domain/shared/app-error";
import { enforceRateLimit, rateLimitsEnabled } from "~/services/rate-limit.server";
import { apiError, clientIp } from "./http.server";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * Counts one hit of `rule` for the member (or, signed out, the client's address) and throws
 * RateLimitedError (→ 429 + Retry-After) past the limit. Routes call it before the service, so a refused
 * request writes nothing but the counter. Does nothing when limits are off (RATE_LIMITS=off).
 */
export async function limitRequest(
  rule: RateRuleName,
  user: { id: string } | null | undefined,
  context: unknown,
): Promise<void> {
  if (!rateLimitsEnabled()) return;
  await enforceRateLimit(await getDeps(), rule, rateSubject(user?.id, clientIp(context)));
}

/** limitRequest for routes open to visitors (search): the session is looked up only when limits are on. */
export async function limitVisitor(
  rule: RateRuleName,
  args: { request: Request; context: unknown },
): Promise<void> {
  if (!rateLimitsEnabled()) return;
  await limitRequest(rule, await getOptionalUser(args.request), args.context);
}

export function api(handlers: Partial<Record<Method, Handler>>) {
  return async (args: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> => {
    const method = args.request.method.toUpperCase() as Method;
    const handler = handlers[method];
    try {
      if (!handler)
        throw new AppError("invalid", "method_not_allowed", `Use ${Object.keys(handlers).join(" or ")}`);
      await limitVisitor("api", args);
      return await handler(args);
    } catch (e) {
      if (e instanceof AppError && e.code === "method_not_allowed") {
        return Response.json(
          { error: { code: e.code, message: e.message } },
          { status: 405, headers: { Allow: Object.keys(handlers).join(", ") } },
        );
      }
      return apiError(e);
    }
  };
}
