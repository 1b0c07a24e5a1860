import { ResponseError } from "vscode-languageserver";

/**
 * Wraps a handler so that no exception escapes it: a bug in one feature for one odd file is
 * logged and answered with the fallback, and the server keeps serving every other request.
 * A ResponseError is a deliberate answer (bad parameters) and goes back to the client as one.
 */
export function guard<A extends unknown[], R>(name: string, log: (message: string) => void, fallback: Awaited<R>, handler: (...args: A) => R): (...args: A) => R {
  const failed = (error: unknown): Awaited<R> => {
    if (error instanceof ResponseError) throw error;
    log(`${name} failed: ${describeError(error)}`);
    return fallback;
  };
  return (...args: A): R => {
    try {
      const result = handler(...args);
      // An async handler fails by rejecting: the same fallback applies.
      if (result instanceof Promise) return result.catch(failed) as R;
      return result;
    } catch (error) {
      return failed(error) as R;
    }
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
