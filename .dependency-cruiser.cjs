/**
 * The floors of the house (docs/design.md, "Rooms and floors"), as rules `npm test` enforces
 * (`npm run lint:rooms`): a room imports only rooms below it, only through their public entry (index.ts), and
 * the engine knows no cloud. A cycle across rooms needs an upward import, so "no upward import" rules it out; the
 * cycle rule below says so in its own words when it happens. test/rooms.test.ts proves each rule fails a change
 * that breaks it.
 */

/** Top floor first. A room may import the rooms after it in this list, never those before it. */
const FLOORS = [
    "cli",
    "portal",
    "engine",
    "clouds/openstack",
    "reports",
    "offline",
    "stacks",
    "blueprints",
    "policies",
    "components",
    "model",
];

const escapeSlashes = (room) => room.replace(/\//g, "\\/");
const inRoom = (rooms) => `^(${rooms.map(escapeSlashes).join("|")})/`;

const upward = FLOORS.slice(1).map((room, i) => ({
    name: `no-upward-import-from-${room.replace(/\//g, "-")}`,
    comment: `${room}/ sits below ${FLOORS.slice(0, i + 1).join(", ")}: it may not import them (data flows one way down the floors).`,
    severity: "error",
    from: { path: inRoom([room]) },
    to: { path: inRoom(FLOORS.slice(0, i + 1)) },
}));

const publicEntry = FLOORS.map((room) => ({
    name: `only-through-index-${room.replace(/\//g, "-")}`,
    comment: `Other rooms use ${room}/ through its public entry, ${room}/index.ts, never its internals.`,
    severity: "error",
    from: { path: inRoom(FLOORS), pathNot: inRoom([room]) },
    to: { path: inRoom([room]), pathNot: `^${escapeSlashes(room)}/index\\.ts$` },
}));

module.exports = {
    forbidden: [
        ...upward,
        ...publicEntry,
        {
            name: "no-cycle-across-rooms",
            comment:
                "A cycle that leaves its room ties two floors together; only a room's own modules may depend on each other in a circle.",
            severity: "error",
            from: {
                path: "^(cli|portal|engine|clouds/openstack|reports|offline|stacks|blueprints|policies|components|model)/",
            },
            to: { circular: true, viaSomeNot: "^$1/" },
        },
        {
            name: "engine-knows-no-cloud",
            comment:
                "The provisioning engine knows no cloud's resource types: a cloud reaches it as an adapter its caller passes.",
            severity: "error",
            from: { path: "^engine/" },
            to: { path: ["^clouds/", "node_modules/@pulumi/(openstack|docker)/"] },
        },
        {
            name: "not-to-unresolvable",
            comment: "An import that resolves to nothing is a typo or a missing dependency.",
            severity: "error",
            from: {},
            to: { couldNotResolve: true },
        },
    ],
    options: {
        // The rooms are what the floors are about; tests, benchmarks and scripts stand beside them. They are left out
        // by `exclude`, not by an `includeOnly` of the rooms: that would drop an import that resolves to nothing
        // before not-to-unresolvable could see it.
        exclude: { path: "^(test|bench|scripts|dist)/" },
        doNotFollow: { path: "node_modules" },
        tsConfig: { fileName: "tsconfig.json" },
        tsPreCompilationDeps: true,
        enhancedResolveOptions: {
            exportsFields: ["exports"],
            conditionNames: ["import", "require", "node", "default"],
        },
    },
};
