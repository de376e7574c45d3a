/**
 * Every input the portal accepts, as zod schemas: the API and the HTML forms parse with the same ones, and the
 * OpenAPI description is generated from them. The service a tenant asks for is the stack file's own service
 * schema, so a request can never hold what the stack file would refuse.
 */
import { z } from "zod";
import { describeIssue, nameSchema, serviceSchema } from "../model";

export const ROLES = ["member", "approver", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const usernameSchema = z
    .string()
    .regex(
        /^[a-z][a-z0-9._-]{1,39}$/,
        "must be 2-40 lower-case letters, digits, '.', '_' or '-', starting with a letter",
    );

/** The bounds of a password's text; its strength is judged with the user name by passwords.ts. */
export const passwordSchema = z.string().min(1, "is required").max(256, "must be at most 256 characters");

export const newUserSchema = z
    .strictObject({
        username: usernameSchema,
        role: z.enum(ROLES),
        /** Members belong to exactly one tenant; approvers, auditors and administrators to none. */
        tenant: nameSchema.optional(),
        password: passwordSchema,
    })
    .superRefine((u, ctx) => {
        if (u.role === "member" && !u.tenant)
            ctx.addIssue({ code: "custom", path: ["tenant"], message: "a member needs a tenant" });
        if (u.role !== "member" && u.tenant)
            ctx.addIssue({ code: "custom", path: ["tenant"], message: `a ${u.role} belongs to no tenant` });
    });

export const passwordResetSchema = z.strictObject({ password: passwordSchema });

export const loginSchema = z.strictObject({
    username: z.string().min(1, "is required").max(40),
    password: z.string().min(1, "is required").max(256),
});

/** A request for one catalogue service in one tenant: the tenant and the stack file's service entry. */
export const serviceRequestSchema = z.strictObject({
    tenant: nameSchema,
    service: serviceSchema,
});
export type ServiceRequestInput = z.output<typeof serviceRequestSchema>;

export const decisionSchema = z.strictObject({
    decision: z.enum(["approve", "reject"]),
    reason: z.string().trim().min(3, "say why (at least 3 characters)").max(2000),
});

/** An approver's word that a request approved under --no-provision has been applied by hand. */
export const completionSchema = z.strictObject({
    note: z.string().trim().min(3, "say what was done (at least 3 characters)").max(2000),
});

export const REQUEST_STATES = [
    "submitted",
    "checked",
    "approved",
    "rejected",
    "provisioning",
    "done",
    "failed",
    "withdrawn",
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const requestIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, "must be a request id");

/**
 * `issues` of a zod error as `{ field, message }`, field in dotted form (`service.parameters.replicas`), worded as
 * the CLI words a stack file's mistakes (`missing required field`, `unknown field(s) note`), never zod's defaults.
 */
export function fieldErrors(error: z.ZodError, input: unknown): { field: string; message: string }[] {
    return error.issues.map((i) => {
        const { text, missing } = describeIssue(i, input);
        return {
            field: i.path.map(String).join(".") || "(request)",
            message: missing ? "missing required field" : text,
        };
    });
}
