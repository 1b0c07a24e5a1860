import type { ClusterModel, EnvFileModel } from "../../model/cluster-model";

/** Compose's env-file syntax, the public description of what the parser below accepts. */
export const COMPOSE_ENV_SYNTAX = "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax";
/** The parser Docker Compose reads `.env` and `env_file:` files with. */
export const COMPOSE_ENV_PARSER = "https://github.com/compose-spec/compose-go/blob/main/dotenv/parser.go";
/** `${…}` in Compose: a name is `[_A-Za-z][_A-Za-z0-9]*`; anything else in braces is an invalid template. */
export const COMPOSE_TEMPLATE = "https://github.com/compose-spec/compose-go/blob/main/template/template.go";
/** POSIX: a name of the shell is letters, digits and underscores, not starting with a digit. */
export const POSIX_NAME = "https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap03.html#tag_03_235";
/** The checks this family matches. */
export const DOTENV_LINTER = "https://github.com/dotenv-linter/dotenv-linter";

/**
 * The project's `.env` that no `env_file:` names: Compose reads it only to fill `${…}` in the
 * Compose files, and passes none of it to a container.
 */
export function onlyInterpolated(model: ClusterModel, env: EnvFileModel): boolean {
  if (!env.interpolationSource || model.standalone) return false;
  return !model.services.some((service) => [...service.env.values()].some((s) => s.origin === "env_file" && s.location.path === env.path));
}
