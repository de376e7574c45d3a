/**
 * The level-3 clause items of GB/T 22239-2019 chapter 8 (policies/RULES.md §1), the unit every rule, waiver,
 * attestation and report line refers to. Ids are the control point plus the item letter ("8.1.4.1a"); a control
 * point with a single item, and the management control points (kept at control-point level), are their own id
 * ("8.1.2.3", "8.1.10.2"). Test ids are GB/T 28448-2019's where RULES.md gives them; CES1 ids from 16 upward are
 * uncertain (one public mapping skips CES1-16) and carried with that caveat.
 *
 * checkability (RULES.md §4): "code" — infrastructure code evidences it and a rule checks it; "platform" — the
 * platform team's evidence (Nova/Cinder/Neutron operation), attested; "manual" — documents, interviews, host
 * baselines or the platform's own assessment report, attested.
 */
export type Checkability = "code" | "platform" | "manual";

export interface Clause {
    readonly id: string;
    /** Control point id, e.g. "8.1.4.1". */
    readonly controlPoint: string;
    readonly nameZh: string;
    readonly nameEn: string;
    /** Paraphrase of the item (not the standard's wording). */
    readonly text: string;
    readonly testId?: string;
    readonly checkability: Checkability;
}

type Item = readonly [letter: string, text: string, checkability: Checkability];
type Point = readonly [
    id: string,
    zh: string,
    en: string,
    testPrefix: string | undefined,
    firstTest: number,
    items: readonly Item[] | string,
    single?: Checkability,
];

const C: Checkability = "code";
const P: Checkability = "platform";
const M: Checkability = "manual";

// [control point, 中文, English, test-id prefix, first test number, items | single-item text, single checkability]
const POINTS: readonly Point[] = [
    // 8.1.1 安全物理环境: L3-PES1-01..22, all attested through the platform's own assessment report.
    [
        "8.1.1.1",
        "物理位置选择",
        "Physical location",
        "L3-PES1",
        1,
        [
            ["a", "Machine room in a building with earthquake, wind and rain protection", M],
            ["b", "Avoid top floors and basements, or add waterproofing", M],
        ],
    ],
    [
        "8.1.1.2",
        "物理访问控制",
        "Physical access control",
        "L3-PES1",
        3,
        "Electronic access control at the machine-room entrance",
        M,
    ],
    [
        "8.1.1.3",
        "防盗窃和防破坏",
        "Theft and vandalism protection",
        "L3-PES1",
        4,
        [
            ["a", "Fix equipment and mark it permanently", M],
            ["b", "Lay cables out of sight", M],
            ["c", "Anti-theft alarm or monitored video", M],
        ],
    ],
    [
        "8.1.1.4",
        "防雷击",
        "Lightning protection",
        "L3-PES1",
        7,
        [
            ["a", "Ground all racks and equipment", M],
            ["b", "Lightning and surge protection on power and signal lines", M],
        ],
    ],
    [
        "8.1.1.5",
        "防火",
        "Fire protection",
        "L3-PES1",
        9,
        [
            ["a", "Automatic fire detection, alarm and suppression", M],
            ["b", "Fire-resistant building materials", M],
            ["c", "Fire zoning with separation between areas", M],
        ],
    ],
    [
        "8.1.1.6",
        "防水和防潮",
        "Water and moisture protection",
        "L3-PES1",
        12,
        [
            ["a", "Keep rain from coming through windows, roof and walls", M],
            ["b", "Prevent condensation and water migration", M],
            ["c", "Water detection and alarm", M],
        ],
    ],
    [
        "8.1.1.7",
        "防静电",
        "Anti-static",
        "L3-PES1",
        15,
        [
            ["a", "Anti-static floor or grounding", M],
            ["b", "Measures against static build-up", M],
        ],
    ],
    [
        "8.1.1.8",
        "温湿度控制",
        "Temperature and humidity",
        "L3-PES1",
        17,
        "Automatic temperature and humidity control within the operating range",
        M,
    ],
    [
        "8.1.1.9",
        "电力供应",
        "Power supply",
        "L3-PES1",
        18,
        [
            ["a", "Voltage regulation and over-voltage protection", M],
            ["b", "Short-term backup power (UPS)", M],
            ["c", "Redundant or parallel power cables", M],
        ],
    ],
    [
        "8.1.1.10",
        "电磁防护",
        "Electromagnetic protection",
        "L3-PES1",
        21,
        [
            ["a", "Separate power and communication cables", M],
            ["b", "Electromagnetic shielding of key equipment", M],
        ],
    ],
    // 8.1.2 安全通信网络
    [
        "8.1.2.1",
        "网络架构",
        "Network architecture",
        "L3-CNS1",
        1,
        [
            ["a", "Device capacity meets peak business demand", C],
            ["b", "Bandwidth of each part meets peak business demand", C],
            ["c", "Divide network zones and assign addresses by importance", C],
            ["d", "Keep important zones off the border and isolate them reliably", C],
            ["e", "Hardware redundancy of links and key network and compute devices", C],
        ],
    ],
    [
        "8.1.2.2",
        "通信传输",
        "Communication transmission",
        "L3-CNS1",
        6,
        [
            ["a", "Integrity in transit by check codes or cryptography", C],
            ["b", "Confidentiality in transit by cryptography", C],
        ],
    ],
    [
        "8.1.2.3",
        "可信验证",
        "Trusted verification (communication devices)",
        "L3-CNS1",
        8,
        "Trusted-root verification of communication devices, alarm and audit to the management centre",
        M,
    ],
    // 8.1.3 安全区域边界
    [
        "8.1.3.1",
        "边界防护",
        "Boundary protection",
        "L3-ABS1",
        1,
        [
            ["a", "Cross-border traffic only through controlled interfaces", C],
            ["b", "Detect or limit unauthorised devices joining the internal network", C],
            ["c", "Detect or limit internal users reaching external networks without authorisation", C],
            ["d", "Limit wireless networks", M],
        ],
    ],
    [
        "8.1.3.2",
        "访问控制",
        "Access control (boundary)",
        "L3-ABS1",
        5,
        [
            ["a", "Default-deny access-control rules at borders", C],
            ["b", "Remove redundant rules, keep the rule count minimal", C],
            ["c", "Check source and destination address, port and protocol", C],
            ["d", "Allow or deny by session state", M],
            ["e", "Application-protocol and content access control", C],
        ],
    ],
    [
        "8.1.3.3",
        "入侵防范",
        "Intrusion prevention (boundary)",
        "L3-ABS1",
        10,
        [
            ["a", "Detect and prevent external attacks at key nodes", C],
            ["b", "Detect and prevent internal attacks at key nodes", C],
            ["c", "Analyse network behaviour, especially new attack types", C],
            ["d", "Log source IP, type, target and time of attacks and alarm", C],
        ],
    ],
    [
        "8.1.3.4",
        "恶意代码和垃圾邮件防范",
        "Malware and spam protection (boundary)",
        "L3-ABS1",
        14,
        [
            ["a", "Detect and remove malware at key nodes", M],
            ["b", "Detect and protect against spam at key nodes", M],
        ],
    ],
    [
        "8.1.3.5",
        "安全审计",
        "Security audit (boundary)",
        "L3-ABS1",
        16,
        [
            ["a", "Audit at borders and key nodes, covering every user and important events", M],
            ["b", "Records include date and time, user, event type, result and related information", C],
            ["c", "Protect audit records and back them up regularly", C],
            ["d", "Audit remote access and internet access behaviour separately", M],
        ],
    ],
    [
        "8.1.3.6",
        "可信验证",
        "Trusted verification (boundary devices)",
        "L3-ABS1",
        20,
        "Trusted-root verification of boundary devices, alarm and audit to the management centre",
        M,
    ],
    // 8.1.4 安全计算环境
    [
        "8.1.4.1",
        "身份鉴别",
        "Identification and authentication",
        "L3-CES1",
        1,
        [
            ["a", "Unique user ids, password complexity and regular change", C],
            ["b", "Login-failure handling, session end and idle timeout", C],
            ["c", "Protect credentials in transit during remote administration", C],
            ["d", "Two or more authentication factors, at least one cryptographic", C],
        ],
    ],
    [
        "8.1.4.2",
        "访问控制",
        "Access control (computing)",
        "L3-CES1",
        5,
        [
            ["a", "Assign accounts and rights to logged-in users", M],
            ["b", "Rename or remove default accounts, change default passwords", C],
            ["c", "Remove stale and redundant accounts, no shared accounts", C],
            ["d", "Least privilege and separation of administrative rights", C],
            ["e", "Access-control policy configured by an authorised subject", C],
            ["f", "Granularity: user or process level subjects, file or table level objects", M],
            ["g", "Security labels on important subjects and objects", C],
        ],
    ],
    [
        "8.1.4.3",
        "安全审计",
        "Security audit (computing)",
        "L3-CES1",
        12,
        [
            ["a", "Audit enabled, covering every user and important security events", C],
            ["b", "Records include date and time, user, event type, result and related information", C],
            ["c", "Protect audit records and back them up regularly", C],
            ["d", "Protect the audit process from interruption", M],
        ],
    ],
    [
        "8.1.4.4",
        "入侵防范",
        "Intrusion prevention (computing)",
        "L3-CES1",
        17,
        [
            ["a", "Install only the components and applications needed", M],
            ["b", "Close unneeded services, default shares and high-risk ports", C],
            ["c", "Restrict management terminals by access method or address range", C],
            ["d", "Validate data entered through interfaces", M],
            ["e", "Find and patch known vulnerabilities", M],
            ["f", "Detect intrusion into important nodes and alarm", C],
        ],
    ],
    [
        "8.1.4.5",
        "恶意代码防范",
        "Malware protection (computing)",
        "L3-CES1",
        23,
        "Anti-malware or active-immunity trusted verification that finds and blocks malicious code",
        C,
    ],
    [
        "8.1.4.6",
        "可信验证",
        "Trusted verification (computing devices)",
        "L3-CES1",
        24,
        "Trusted-root verification of computing devices, alarm and audit to the management centre",
        M,
    ],
    [
        "8.1.4.7",
        "数据完整性",
        "Data integrity",
        "L3-CES1",
        25,
        [
            ["a", "Integrity of important data in transit", M],
            [
                "b",
                "Integrity of important data at rest (authentication, business, audit, configuration, video, personal data)",
                C,
            ],
        ],
    ],
    [
        "8.1.4.8",
        "数据保密性",
        "Data confidentiality",
        "L3-CES1",
        27,
        [
            ["a", "Confidentiality of important data in transit by cryptography", C],
            ["b", "Confidentiality of important data at rest by cryptography", C],
        ],
    ],
    [
        "8.1.4.9",
        "数据备份恢复",
        "Data backup and recovery",
        "L3-CES1",
        29,
        [
            ["a", "Local backup and restore of important data", C],
            ["b", "Off-site real-time backup over the network", C],
            ["c", "Hot redundancy of important data-processing systems", C],
        ],
    ],
    [
        "8.1.4.10",
        "剩余信息保护",
        "Residual information protection",
        "L3-CES1",
        32,
        [
            ["a", "Wipe storage of authentication data before release or reuse", P],
            ["b", "Wipe storage of sensitive data before release or reuse", P],
        ],
    ],
    [
        "8.1.4.11",
        "个人信息保护",
        "Personal information protection",
        "L3-CES1",
        34,
        [
            ["a", "Collect and keep only the personal information needed", M],
            ["b", "Forbid unauthorised access to and use of personal information", M],
        ],
    ],
    // 8.1.5 安全管理中心
    [
        "8.1.5.1",
        "系统管理",
        "System administration",
        "L3-SMC1",
        1,
        [
            ["a", "Authenticate system administrators, dedicated commands or interfaces, audited", C],
            ["b", "System administrators manage resources, configuration, boot, errors and backup", C],
        ],
    ],
    [
        "8.1.5.2",
        "审计管理",
        "Audit administration",
        "L3-SMC1",
        3,
        [
            ["a", "Authenticate audit administrators, dedicated commands or interfaces, audited", C],
            ["b", "Audit administrators analyse, store, manage and query audit records", C],
        ],
    ],
    [
        "8.1.5.3",
        "安全管理",
        "Security administration",
        "L3-SMC1",
        5,
        [
            ["a", "Authenticate security administrators, dedicated commands or interfaces, audited", C],
            ["b", "Security administrators configure policy, labels, authorisation and trusted-verification policy", C],
        ],
    ],
    [
        "8.1.5.4",
        "集中管控",
        "Centralised management and control",
        "L3-SMC1",
        7,
        [
            ["a", "A dedicated management zone for security devices and components", C],
            ["b", "A secure information channel for managing devices and components", C],
            ["c", "Central monitoring of links, network devices, security devices and servers", C],
            ["d", "Collect and analyse audit data centrally; retention meets the law", C],
            ["e", "Central management of security policy, malware signatures and patches", C],
            ["f", "Detect, alarm on and analyse security events centrally", M],
        ],
    ],
    // 8.2 cloud computing extension
    ["8.2.1.1", "基础设施位置", "Infrastructure location", "L3-PES2", 1, "Cloud infrastructure located in China", C],
    [
        "8.2.2.1",
        "网络架构",
        "Network architecture (cloud)",
        "L3-CNS2",
        1,
        [
            ["a", "The platform carries no system of a higher level than its own", C],
            ["b", "Isolate the virtual networks of different customers", C],
            ["c", "Offer transport, border protection and intrusion prevention on customer demand", P],
            ["d", "Customers define their own security policy (paths, components, rules)", C],
            ["e", "Open interfaces for third-party security products", P],
        ],
    ],
    [
        "8.2.3.1",
        "访问控制",
        "Access control (cloud boundary)",
        "L3-ABS2",
        1,
        [
            ["a", "Access control at virtual network borders", C],
            ["b", "Access control at borders between zones of different levels", C],
        ],
    ],
    [
        "8.2.3.2",
        "入侵防范",
        "Intrusion prevention (cloud boundary)",
        "L3-ABS2",
        3,
        [
            ["a", "Detect attacks initiated by customers (type, time, traffic)", C],
            ["b", "Detect attacks on virtual network nodes", C],
            ["c", "Detect abnormal traffic between VMs and hosts and between VMs", P],
            ["d", "Alarm on detected attacks and abnormal traffic", C],
        ],
    ],
    [
        "8.2.3.3",
        "安全审计",
        "Security audit (cloud boundary)",
        "L3-ABS2",
        7,
        [
            ["a", "Audit privileged commands of remote administration, at least VM delete and restart", C],
            ["b", "Provider operations on customer data can be audited by the customer", P],
        ],
    ],
    [
        "8.2.4.1",
        "身份鉴别",
        "Identification and authentication (cloud)",
        "L3-CES2",
        1,
        "Mutual authentication between remote management terminals and the cloud platform",
        P,
    ],
    [
        "8.2.4.2",
        "访问控制",
        "Access control (cloud computing)",
        "L3-CES2",
        2,
        [
            ["a", "Access-control policies follow a migrating VM", P],
            ["b", "Customers set access-control policy between their VMs", C],
        ],
    ],
    [
        "8.2.4.3",
        "入侵防范",
        "Intrusion prevention (cloud computing)",
        "L3-CES2",
        4,
        [
            ["a", "Detect VM isolation failures and alarm", P],
            ["b", "Detect unauthorised creation or re-enabling of VMs and alarm", P],
            ["c", "Detect malware spreading between VMs and alarm", P],
        ],
    ],
    [
        "8.2.4.4",
        "镜像和快照保护",
        "Image and snapshot protection",
        "L3-CES2",
        7,
        [
            ["a", "Hardened operating-system images or an image hardening service", C],
            ["b", "Integrity checks of VM images and snapshots", C],
            ["c", "Cryptography or other means against illegal access to sensitive data in images and snapshots", C],
        ],
    ],
    [
        "8.2.4.5",
        "数据完整性和保密性",
        "Data integrity and confidentiality (cloud)",
        "L3-CES2",
        10,
        [
            ["a", "Customer data and personal information stored in China", C],
            ["b", "Provider or third parties manage customer data only with the customer's authorisation", C],
            ["c", "Integrity checks during VM migration", P],
            ["d", "Customers can run their own key management", C],
        ],
    ],
    [
        "8.2.4.6",
        "数据备份恢复",
        "Data backup and recovery (cloud)",
        "L3-CES2",
        14,
        [
            ["a", "Customers keep a local backup of their data", C],
            ["b", "Customers can query where their data and backups are stored", P],
            ["c", "Several consistent replicas of customer data", C],
            ["d", "Tools to migrate customer data to another platform", P],
        ],
    ],
    [
        "8.2.4.7",
        "剩余信息保护",
        "Residual information protection (cloud)",
        "L3-CES2",
        18,
        [
            ["a", "Wipe VM memory and storage when reclaimed", P],
            ["b", "Delete all replicas when the customer deletes data", P],
        ],
    ],
    [
        "8.2.5.1",
        "集中管控",
        "Centralised management and control (cloud)",
        "L3-SMC2",
        1,
        [
            ["a", "Unified scheduling and allocation of physical and virtual resources by policy", C],
            ["b", "Separate management traffic from business traffic", C],
            ["c", "Central audit according to the provider/customer responsibility split", P],
            ["d", "Central monitoring of virtual networks, VMs and virtual security devices", P],
        ],
    ],
    [
        "8.2.6.1",
        "云服务商选择",
        "Cloud service provider selection",
        undefined,
        0,
        [
            ["a", "Choose a provider that meets the law and the level", M],
            ["b", "Service-level agreement states the provider's functions and security", M],
            ["c", "The agreement states rights and duties, including secrecy and emergency", M],
            ["d", "Data is returned and wiped at the end of the contract", M],
            ["e", "A non-disclosure agreement with the provider", M],
        ],
    ],
    [
        "8.2.6.2",
        "供应链管理",
        "Supply-chain management",
        undefined,
        0,
        [
            ["a", "Suppliers meet the national requirements", M],
            ["b", "Major supply-chain changes and risks are told to the customer", M],
            ["c", "Risks of supplier changes are assessed and controlled", M],
        ],
    ],
    [
        "8.2.7.1",
        "云计算环境管理",
        "Cloud environment management",
        undefined,
        0,
        "Operations and maintenance located in China; cross-border O&M follows national rules",
        M,
    ],
];

// Management requirements 8.1.6–8.1.10, at control-point level (sub-numbers medium confidence).
const MANAGEMENT: readonly (readonly [string, string, string])[] = [
    ["8.1.6.1", "安全策略", "Security policy"],
    ["8.1.6.2", "管理制度", "Management rules"],
    ["8.1.6.3", "制定和发布", "Drafting and publication"],
    ["8.1.6.4", "评审和修订", "Review and revision"],
    ["8.1.7.1", "岗位设置", "Positions"],
    ["8.1.7.2", "人员配备", "Staffing"],
    ["8.1.7.3", "授权和审批", "Authorisation and approval"],
    ["8.1.7.4", "沟通和合作", "Communication and cooperation"],
    ["8.1.7.5", "审核和检查", "Audit and inspection"],
    ["8.1.8.1", "人员录用", "Recruitment"],
    ["8.1.8.2", "人员离岗", "Departure"],
    ["8.1.8.3", "安全意识教育和培训", "Security awareness and training"],
    ["8.1.8.4", "外部人员访问管理", "External personnel access"],
    ["8.1.9.1", "定级和备案", "Grading and filing"],
    ["8.1.9.2", "安全方案设计", "Security design"],
    ["8.1.9.3", "产品采购和使用", "Product procurement and use"],
    ["8.1.9.4", "自行软件开发", "In-house software development"],
    ["8.1.9.5", "外包软件开发", "Outsourced software development"],
    ["8.1.9.6", "工程实施", "Project implementation"],
    ["8.1.9.7", "测试验收", "Testing and acceptance"],
    ["8.1.9.8", "系统交付", "System delivery"],
    ["8.1.9.9", "等级测评", "Level assessment"],
    ["8.1.9.10", "服务供应商选择", "Service supplier selection"],
    ["8.1.10.1", "环境管理", "Environment management"],
    ["8.1.10.2", "资产管理", "Asset management"],
    ["8.1.10.3", "介质管理", "Media management"],
    ["8.1.10.4", "设备维护管理", "Equipment maintenance"],
    ["8.1.10.5", "漏洞和风险管理", "Vulnerability and risk management"],
    ["8.1.10.6", "网络和系统安全管理", "Network and system security management"],
    ["8.1.10.7", "恶意代码防范管理", "Malware protection management"],
    ["8.1.10.8", "配置管理", "Configuration management"],
    ["8.1.10.9", "密码管理", "Cryptography management"],
    ["8.1.10.10", "变更管理", "Change management"],
    ["8.1.10.11", "备份与恢复管理", "Backup and recovery management"],
    ["8.1.10.12", "安全事件处置", "Security incident handling"],
    ["8.1.10.13", "应急预案管理", "Emergency plans"],
    ["8.1.10.14", "外包运维管理", "Outsourced operations"],
];

function testId(prefix: string | undefined, n: number): string | undefined {
    return prefix && n > 0 ? `${prefix}-${String(n).padStart(2, "0")}` : undefined;
}

function build(): Clause[] {
    const out: Clause[] = [];
    for (const [cp, zh, en, prefix, first, items, single] of POINTS) {
        if (typeof items === "string") {
            out.push({
                id: cp,
                controlPoint: cp,
                nameZh: zh,
                nameEn: en,
                text: items,
                testId: testId(prefix, first),
                checkability: single ?? M,
            });
            continue;
        }
        items.forEach(([letter, text, checkability], i) => {
            out.push({
                id: `${cp}${letter}`,
                controlPoint: cp,
                nameZh: zh,
                nameEn: en,
                text,
                testId: testId(prefix, first + i),
                checkability,
            });
        });
    }
    for (const [cp, zh, en] of MANAGEMENT) {
        // Asset and configuration/change/backup management are partly evidenced by IaC (RULES.md §4).
        const checkability: Checkability = ["8.1.10.2", "8.1.10.8", "8.1.10.9", "8.1.10.10", "8.1.10.11"].includes(cp)
            ? C
            : M;
        out.push({
            id: cp,
            controlPoint: cp,
            nameZh: zh,
            nameEn: en,
            text: `${en} (management requirement, evidenced by documents and records)`,
            checkability,
        });
    }
    return out;
}

export const CLAUSES: readonly Clause[] = Object.freeze(build());

const BY_ID = new Map(CLAUSES.map((c) => [c.id, c]));

export function getClause(id: string): Clause | undefined {
    return BY_ID.get(id);
}

/** True when `id` is a catalogued item, or a control point whose items are catalogued ("8.1.1.3" covers a–c). */
export function isKnownClause(id: string): boolean {
    return BY_ID.has(id) || CLAUSES.some((c) => c.controlPoint === id);
}
