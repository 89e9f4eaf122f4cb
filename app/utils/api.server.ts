/** Small wrapper for JSON API routes: one place turns AppErrors into `{error:{code,message,fields?}}`. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/domain/shared/app-error";
import { apiError } from "./http.server";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export function api(handlers: Partial<Record<Method, Handler>>) {
  return async (args: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> => {
    const method = args.request.method.toUpperCase() as Method;
    const handler = handlers[method];
    try {
      if (!handler)
        throw new AppError("invalid", "method_not_allowed", `Use ${Object.keys(handlers).join(" or ")}`);
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
