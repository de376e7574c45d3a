/**
 * The rooms' folders, top floor first, as the tests that walk them need them (.dependency-cruiser.cjs holds the
 * floors' rules, with clouds/openstack as the room under clouds/).
 */
export const ROOM_FOLDERS = [
    "cli",
    "portal",
    "engine",
    "clouds",
    "reports",
    "offline",
    "stacks",
    "blueprints",
    "policies",
    "components",
    "model",
] as const;
