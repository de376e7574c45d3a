/** Command lines gone wrong: names, choices, dates, output paths and database settings. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { said, type BadCase, type Expected, type Project } from "../harness";

const flag = (
    name: string,
    args: readonly string[] | ((p: Project) => readonly string[]),
    stderr: Expected,
    extra: Partial<BadCase> = {},
): BadCase => ({
    name,
    args,
    stderr,
    ...extra,
});

/** A file in the scratch folder (outside the project), made by `setup`. */
const inScratch = (p: Project, rel: string) => path.join(p.scratch, rel);

const PASSWORD = "s3cr/et@pa/ss";

export const flagCases: BadCase[] = [
    flag(
        "check of a stack that does not exist",
        ["check", "flood"],
        [
            'error: unknown stack "flood" (stacks: platform, flood-control, hydrology, licensing, ocean-monitoring, water-supply)',
        ],
    ),
    flag("check without stacks", ["check"], ["error: name the stacks to check, pass --all, or --program DIR"]),
    flag(
        "check with stacks and --all",
        ["check", "--all", "hydrology"],
        ["error: pass either stack names or --all, not both"],
    ),
    flag(
        "check --format xml",
        ["check", "flood-control", "--format", "xml"],
        ['error: --format must be one of text, json, sarif, markdown (got "xml")'],
    ),
    flag(
        "check --format json of a stack that does not exist",
        ["check", "flood", "--format", "json"],
        said(
            '{\n  "valid": false,\n  "diagnostics": [\n    {\n      "severity": "error",\n      "message": "unknown stack \\"flood\\" (stacks: platform, flood-control, hydrology, licensing, ocean-monitoring, water-supply)"\n    }\n  ]\n}\n',
            [
                'error: unknown stack "flood" (stacks: platform, flood-control, hydrology, licensing, ocean-monitoring, water-supply)',
            ],
        ),
        {},
    ),
    {
        name: "check --format json of a file with an error prints a JSON error document",
        setup: (p) => p.edit("stacks/Pulumi.flood-control.yaml", "    cidr: 10.20.0.0/16", "    cidr: 10.20.0.0/33"),
        args: ["check", "flood-control", "--format", "json"],
        stderr: said(
            '{\n  "valid": false,\n  "diagnostics": [\n    {\n      "file": "stacks/Pulumi.flood-control.yaml",\n      "line": 8,\n      "col": 11,\n      "severity": "error",\n      "message": "cidr: \\"10.20.0.0/33\\" has a prefix length above 32"\n    }\n  ]\n}\n',
            ['stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "10.20.0.0/33" has a prefix length above 32'],
        ),
    },
    flag("check --output naming a folder", (p) => ["check", "flood-control", "--output", p.scratch], [
        "error: --output SCRATCH is a folder; name a file inside it",
    ]),
    flag(
        "check --output below a file",
        (p) => ["check", "flood-control", "--output", path.join(p.file("Pulumi.yaml"), "check.txt")],
        [
            "error: --output ROOT/Pulumi.yaml/check.txt: ROOT/Pulumi.yaml is a file, not a folder; name a file in a folder",
        ],
    ),
    flag(
        "check --output in /proc",
        ["check", "flood-control", "--output", "/proc/watercloud-check.txt"],
        ["error: --output /proc/watercloud-check.txt is in /proc, which holds no files of ours; name another file"],
    ),
    flag(
        "check --output in a read-only folder (/sys)",
        ["check", "flood-control", "--output", "/sys/watercloud-check.txt"],
        ["error: --output /sys/watercloud-check.txt is in /sys, which holds no files of ours; name another file"],
    ),
    flag(
        "check --output naming a device",
        ["check", "flood-control", "--output", "/dev/null"],
        ["error: --output /dev/null is not a regular file (a device, pipe or socket); name a regular file"],
    ),
    flag("check --output empty", ["check", "flood-control", "--output", ""], ["error: --output needs a file name"]),
    {
        name: "check --output naming a pipe",
        setup: (p) => execFileSync("mkfifo", [inScratch(p, "pipe")]),
        args: (p) => ["check", "flood-control", "--output", inScratch(p, "pipe")],
        stderr: ["error: --output SCRATCH/pipe is not a regular file (a device, pipe or socket); name a regular file"],
    },
    flag(
        "check --program together with --all",
        ["check", "--all", "--program", "."],
        ["error: pass either --program DIR or stack names (or --all), not both"],
    ),
    flag(
        "check --platform without --program",
        ["check", "flood-control", "--platform", "x.yaml"],
        ["error: --platform and --stack go with --program DIR"],
    ),
    flag("check --program of a folder that does not exist", (p) => ["check", "--program", inScratch(p, "nothing")], [
        "SCRATCH/nothing:1:1: error: no such program folder: pass the folder that holds Pulumi.yaml",
    ]),
    flag("--root that is not a project", (p) => ["--root", p.scratch, "check", "--all"], [
        "error: SCRATCH is not a watercloud project (no Pulumi.yaml and stacks/); run from the project root or pass --root DIR",
    ]),
    flag("an unknown command", ["chek", "--all"], ["error: unknown command 'chek'", "(Did you mean check?)", ""], {
        help: true,
    }),
    flag("an unknown option", ["check", "--al"], ["error: unknown option '--al'", "(Did you mean --all?)", ""], {
        help: true,
    }),
    flag(
        "report --date of month 13",
        ["report", "flood-control", "--date", "2026-13-45"],
        ['error: --date must be a day of the calendar written YYYY-MM-DD, e.g. 2027-03-31 (got "2026-13-45")'],
    ),
    flag(
        "report --date of 30 February",
        ["report", "flood-control", "--date", "2027-02-30"],
        ['error: --date must be a day of the calendar written YYYY-MM-DD, e.g. 2027-03-31 (got "2027-02-30")'],
    ),
    flag(
        "report --date with slashes",
        ["report", "flood-control", "--date", "2026/12/01"],
        ['error: --date must be a day of the calendar written YYYY-MM-DD, e.g. 2027-03-31 (got "2026/12/01")'],
    ),
    flag("report without stacks", ["report"], ["error: name the stacks to report on, or pass --all"]),
    flag(
        "report --format pdf",
        ["report", "--all", "--format", "pdf"],
        ['error: --format must be one of markdown, html (got "pdf")'],
    ),
    flag("report --output naming a folder", (p) => ["report", "flood-control", "--output", p.scratch], [
        "error: --output SCRATCH is a folder; name a file inside it",
    ]),
    flag(
        "catalog validate of a file that does not exist",
        (p) => ["catalog", "validate", p.file("blueprints/web-app/9.9.9.yaml")],
        [
            "error: ROOT/blueprints/web-app/9.9.9.yaml: no such file; name existing files, or none to validate everything",
        ],
    ),
    flag(
        "catalog validate of a file that is no blueprint or stack file",
        (p) => ["catalog", "validate", p.file("Pulumi.yaml")],
        [
            "error: ROOT/Pulumi.yaml: not a blueprint (blueprints/NAME/VERSION.yaml) or stack file (stacks/Pulumi.NAME.yaml) of the project ROOT; name one of those, or none to validate everything",
        ],
    ),
    flag(
        "catalog validate --format yaml",
        ["catalog", "validate", "--format", "yaml"],
        ['error: --format must be one of text, json (got "yaml")'],
    ),
    flag(
        "catalog list --format csv",
        ["catalog", "list", "--format", "csv"],
        ['error: --format must be one of text, json (got "csv")'],
    ),
    flag(
        "plan of a stack that does not exist",
        ["plan", "flood"],
        [
            'error: unknown stack "flood" (stacks: platform, flood-control, hydrology, licensing, ocean-monitoring, water-supply)',
        ],
    ),
    flag("affected without --base", ["affected"], ["error: required option '--base <ref>' not specified", ""], {
        help: true,
    }),
    flag(
        "affected outside a git work tree",
        ["affected", "--base", "main"],
        ["error: ROOT is not inside a git work tree, so there is nothing to compare with --base"],
    ),
    flag(
        "users list --db with a misspelt scheme (the password must not become a folder)",
        ["users", "list", "--db", `postgress://portal:${PASSWORD}@db.example.internal/portal`],
        [
            'error: unknown database scheme "postgress:"; use sqlite:FILE or postgres://USER@HOST/DB (password in PGPASSWORD or the URL)',
        ],
        { secret: PASSWORD },
    ),
    flag(
        "users list --db with an unknown scheme",
        ["users", "list", "--db", "mysql://portal@db/portal"],
        [
            'error: unknown database scheme "mysql:"; use sqlite:FILE or postgres://USER@HOST/DB (password in PGPASSWORD or the URL)',
        ],
    ),
    flag("users list --db naming a folder", (p) => ["users", "list", "--db", p.scratch], [
        "error: SCRATCH is a folder; name a database file, e.g. SCRATCH/portal.db",
    ]),
    {
        name: "users list --db naming a file that is not a database",
        setup: (p) => fs.writeFileSync(inScratch(p, "notes.txt"), "not a database\n"),
        args: (p) => ["users", "list", "--db", `sqlite:${inScratch(p, "notes.txt")}`],
        stderr: ["error: SCRATCH/notes.txt is not a SQLite database; name the portal's database or a new file"],
    },
    flag(
        "users list --db sqlite: without a file",
        ["users", "list", "--db", "sqlite:"],
        ["error: sqlite: needs a file name, e.g. sqlite:.watercloud/portal.db"],
    ),
    flag(
        "users add with an unknown role",
        ["users", "add", "carol", "--role", "root", "--db", "sqlite::memory:"],
        ['error: --role: Not valid: Invalid option: expected one of "member"|"approver"|"auditor"|"admin".'],
        {
            env: { WATERCLOUD_PASSWORD: "correct horse battery staple 42" },
        },
    ),
    flag(
        "users add of a member of no tenant that exists",
        ["users", "add", "carol", "--role", "member", "--tenant", "nowhere", "--db", "sqlite::memory:"],
        [
            "error: --tenant: There is no tenant nowhere (tenants: flood-control, hydrology, licensing, ocean-monitoring, water-supply).",
        ],
        {
            env: { WATERCLOUD_PASSWORD: "correct horse battery staple 42" },
        },
    ),
    flag(
        "serve --db with a misspelt scheme",
        ["serve", "--port", "0", "--db", `postgress://portal:${PASSWORD}@db/portal`],
        [
            'error: unknown database scheme "postgress:"; use sqlite:FILE or postgres://USER@HOST/DB (password in PGPASSWORD or the URL)',
        ],
        {
            secret: PASSWORD,
        },
    ),
];
