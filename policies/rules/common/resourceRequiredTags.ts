import {
    blockstorage,
    compute,
    identity,
    images,
    keymanager,
    loadbalancer,
    networking,
    objectstorage,
} from "@pulumi/openstack";
import { REQUIRED_LABELS } from "../../../model";
import { labelsOf } from "../../lib/labels";
import { resourceRuleOfTypes } from "../../rule";

/** Every resource type that carries tags or metadata and so can carry the security labels. */
export const TAGGABLE = [
    compute.Instance,
    blockstorage.Volume,
    objectstorage.Container,
    networking.Network,
    networking.Subnet,
    networking.Port,
    networking.SecGroup,
    networking.Router,
    networking.FloatingIp,
    loadbalancer.LoadBalancer,
    loadbalancer.Listener,
    keymanager.SecretV1,
    images.Image,
    identity.Project,
];

export const resourceRequiredTags = resourceRuleOfTypes(
    {
        id: "os-resource-required-tags",
        description: "Taggable resources carry the security labels tenant, tier, data-class, owner and mlps-level.",
        clauses: ["8.1.4.2g", "8.1.10.2"],
        testIds: ["L3-CES1-11"],
        severity: "low",
        enforcementLevel: "mandatory",
        topics: ["inventory", "labels"],
        services: [
            "compute",
            "blockstorage",
            "objectstorage",
            "networking",
            "loadbalancer",
            "keymanager",
            "images",
            "identity",
        ],
        remediation:
            "Add the missing labels as `key=value` tags (or metadata entries); the component library sets them for you.",
    },
    TAGGABLE,
    (props, _ctx, report) => {
        const labels = labelsOf(props);
        // Images keep key/value data in `properties`.
        const extra =
            props.properties && typeof props.properties === "object"
                ? (props.properties as Record<string, unknown>)
                : {};
        // An empty value is as missing in `properties` as it is in tags ("tenant=").
        const missing = REQUIRED_LABELS.filter((k) => !labels[k] && !(typeof extra[k] === "string" && extra[k] !== ""));
        if (missing.length) report(`missing labels: ${missing.join(", ")}.`);
    },
);
