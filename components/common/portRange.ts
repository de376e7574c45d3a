/**
 * Port ranges as Neutron stores them. Neutron keeps a tcp/udp security-group rule for the whole range (1-65535)
 * with no range at all, and the provider reads that back as 0/0: a rule sent as 1/65535 would show a diff on
 * every refresh and be replaced on the next `up`, colliding with itself (SecurityGroupRuleExists). Sending 0/0
 * for the whole range is sending what the cloud keeps; the policy pack reads 0/0 as the whole range too.
 */
export const WHOLE_RANGE = { portRangeMin: 0, portRangeMax: 0 } as const;

export interface PortRange {
    readonly portRangeMin: number;
    readonly portRangeMax: number;
}

/** The `portRangeMin`/`portRangeMax` to send for `min`-`max` (one port when `max` is omitted). */
export function storedPortRange(min: number, max: number = min): PortRange {
    return min <= 1 && max >= 65535 ? WHOLE_RANGE : { portRangeMin: min, portRangeMax: max };
}
