/**
 * Which apps use a database is the model's reading now (`clientsOf`, `reaches` in model/queries).
 * Kept as a re-export for storage/sqlite-in-cluster until its group migrates it; delete then.
 */
export { clientsOf, reaches as isHostOf } from "../../model/queries";
