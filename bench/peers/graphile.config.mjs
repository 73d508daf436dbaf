// PostGraphile for bench/peers.sh: its V5 preset ("amber") over our database's `public` schema,
// with the connection-filter plugin (for the year range of Q3) and pg-aggregates (for the
// GROUP BY of Q4). No authentication, no GraphiQL, no watch mode, loopback only.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error("DATABASE_URL is required");

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
  pgServices: [makePgService({ connectionString, schemas: ["public"] })],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PEER_PORT ?? 18101),
    graphiql: false,
    watch: false,
  },
  grafast: { explain: false },
};
export default preset;
