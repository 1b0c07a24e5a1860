const mask = "••••••";

/** A fixed-width mask, so the output does not even reveal the secret's length; "" stays "" (nothing to hide). */
export function maskSecret(value: string): string {
  return value === "" ? "" : mask;
}
