import { randomUUID } from "node:crypto";

import express, { type NextFunction, type Request, type Response } from "express";

import type { RoleName } from "../chain/ledger-contracts";
import { LedgerError } from "../errors";
import type { ServiceContext } from "../service-context";
import { type Caller, authenticate } from "./authenticate";
import { sendProblem } from "./problem";
import { RateLimiter } from "./rate-limiter";

/** What a signed route's handler gets: the caller, the raw body and the express pair. */
export interface SignedCall {
  caller: Caller;
  rawBody: Buffer;
  req: Request;
  res: Response;
  requestId: string;
}

export type SignedHandler = (call: SignedCall) => Promise<void>;

export interface RouteRegistrar {
  /**
   * A signed route for callers holding one of `roles`; "deferred" leaves the role check to
   * the handler (`requireRoles`), for a hot path that reads the role with other chain state.
   */
  signed(
    method: "get" | "post",
    path: string,
    roles: readonly RoleName[] | "deferred",
    handler: SignedHandler,
  ): void;
  open(method: "get", path: string, handler: (req: Request, res: Response) => Promise<void>): void;
}

/** Builds the express app: limits, raw body, signed routes, problem details for every error. */
export function createApp(
  ctx: ServiceContext,
  registerRoutes: ReadonlyArray<(routes: RouteRegistrar, ctx: ServiceContext) => void>,
): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const ipLimiter = new RateLimiter(ctx.config.rateLimit.perIpPerMinute);
  const signerLimiter = new RateLimiter(ctx.config.rateLimit.perSignerPerMinute);

  app.use((req, res, next) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    res.on("finish", () => {
      ctx.logger.info(
        {
          event: "http.request",
          requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          signer: res.locals.signer ?? null,
          code: res.locals.problemCode ?? null,
          decision: res.statusCode < 400 ? "served" : "refused",
          reason: res.locals.problemReason ?? null,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        "request",
      );
    });

    const wait = ipLimiter.take(req.ip ?? "unknown", ctx.now());
    if (wait > 0) {
      next(
        new LedgerError("RATE_LIMITED", "too many requests from this address", {
          retryAfterSeconds: wait,
        }),
      );
      return;
    }
    next();
  });

  // No inflation: the signature covers the body as sent, so encoded bodies are refused.
  app.use(express.raw({ type: () => true, limit: ctx.config.maxBodyBytes, inflate: false }));

  const routes: RouteRegistrar = {
    signed(method, path, roles, handler) {
      app[method](path, async (req, res, next) => {
        try {
          const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const caller = await authenticate(ctx, req, rawBody, roles, signerLimiter);
          res.locals.signer = caller.signer;
          await handler({ caller, rawBody, req, res, requestId: res.locals.requestId as string });
        } catch (error) {
          next(error);
        }
      });
    },
    open(method, path, handler) {
      app[method](path, async (req, res, next) => {
        try {
          await handler(req, res);
        } catch (error) {
          next(error);
        }
      });
    },
  };
  for (const register of registerRoutes) register(routes, ctx);

  app.use((req, _res, next) => {
    next(new LedgerError("NOT_FOUND", `no route ${req.method} ${req.path}`));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toLedgerError(error);
    if (problem.code === "INTERNAL") {
      ctx.logger.error(
        { event: "http.error", requestId: res.locals.requestId, error: (error as Error)?.message },
        "unexpected error",
      );
    }
    res.locals.problemCode = problem.code;
    res.locals.problemReason = problem.message;
    sendProblem(res, problem, req.path);
  });

  return app;
}

function toLedgerError(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const status = (error as { status?: number; type?: string })?.status;
  const type = (error as { type?: string })?.type;
  if (type === "entity.too.large" || status === 413) {
    return new LedgerError("PAYLOAD_TOO_LARGE", "the request body exceeds the accepted size");
  }
  if (status === 415) {
    return new LedgerError("UNSUPPORTED_MEDIA_TYPE", "send the body without Content-Encoding");
  }
  if (status === 400) {
    return new LedgerError("MALFORMED_BODY", "the request body could not be read");
  }
  return new LedgerError("INTERNAL", "the service failed to handle the request", { cause: error });
}
