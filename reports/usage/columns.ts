/**
 * The report's columns in both languages: the spreadsheet and the HTML page head them in Chinese (the users' language)
 * with the English beneath; text and CSV, read by operators' scripts, use the English. One table, so a figure added
 * to the schema is headed the same everywhere.
 */
import type { UsageFigures } from "./reportSchema";

export interface Column<K extends string = string> {
    readonly key: K;
    readonly zh: string;
    readonly en: string;
    /** Decimal places shown (the JSON keeps every digit). */
    readonly decimals: number;
}

export const LABEL_COLUMNS: readonly Column<"tenant" | "service" | "blueprint" | "category">[] = [
    { key: "tenant", zh: "租户", en: "tenant", decimals: 0 },
    { key: "service", zh: "服务", en: "service", decimals: 0 },
    { key: "blueprint", zh: "蓝图", en: "blueprint", decimals: 0 },
    { key: "category", zh: "类别", en: "category", decimals: 0 },
];

export const FIGURE_COLUMNS: readonly Column<keyof UsageFigures>[] = [
    { key: "instances", zh: "云主机数", en: "instances", decimals: 0 },
    { key: "instanceHours", zh: "云主机·小时", en: "instance-hours", decimals: 2 },
    { key: "vcpuHours", zh: "vCPU·小时", en: "vCPU-hours", decimals: 2 },
    { key: "ramGbHours", zh: "内存GB·小时", en: "RAM-GB-hours", decimals: 2 },
    { key: "diskGbHours", zh: "本地磁盘GB·小时", en: "disk-GB-hours", decimals: 2 },
    { key: "volumes", zh: "云硬盘数", en: "volumes", decimals: 0 },
    { key: "volumeGbDays", zh: "云硬盘GB·天", en: "volume-GB-days", decimals: 2 },
    { key: "objectBytes", zh: "对象存储字节", en: "object bytes", decimals: 0 },
    { key: "objects", zh: "对象数", en: "objects", decimals: 0 },
    { key: "loadBalancers", zh: "负载均衡数", en: "load balancers", decimals: 0 },
    { key: "loadBalancerHours", zh: "负载均衡·小时", en: "load-balancer-hours", decimals: 2 },
];

/** How an empty label reads: a resource no service claims (its category unknown too), or no blueprint (the platform's). */
export const UNATTRIBUTED = { zh: "未归属", en: "(unattributed)" } as const;
export const NO_BLUEPRINT = { zh: "无蓝图", en: "(no blueprint)" } as const;

export const CATEGORY_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
    application: { zh: "应用", en: "application" },
    data: { zh: "数据", en: "data" },
    infrastructure: { zh: "基础设施", en: "infrastructure" },
    platform: { zh: "平台", en: "platform" },
};

export const SECTION_TITLES = {
    rows: { zh: "按服务", en: "By service" },
    byTenant: { zh: "按租户", en: "By tenant" },
    byCategory: { zh: "按类别", en: "By category" },
    byBlueprint: { zh: "按蓝图", en: "By blueprint" },
    total: { zh: "合计", en: "Total" },
    notes: { zh: "说明", en: "Notes" },
} as const;

export function formatFigure(value: number, decimals: number): string {
    return value.toFixed(decimals);
}

/** A label cell as shown in `lang`. */
export function labelText(key: string, value: string, lang: "zh" | "en"): string {
    if (value === "") return (key === "blueprint" ? NO_BLUEPRINT : UNATTRIBUTED)[lang];
    if (key === "category") return CATEGORY_NAMES[value]?.[lang] ?? value;
    return value;
}
